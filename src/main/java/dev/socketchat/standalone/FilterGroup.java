package dev.socketchat.standalone;

import java.io.IOException;
import java.util.List;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;

/**
 * Runs several filters in one place of Grizzly's filter chain, as the chain would run them side by side: what comes
 * up (accept, connect, read, close, events) passes the members in order, a write passes them in reverse, and the
 * first member that does not hand on (stops, suspends, answers) ends the group's turn with its action. One difference:
 * what a member writes itself ({@code ctx.write}) starts below the group, so it passes no member's {@code handleWrite}
 * (in the runner, only answers to refused requests, which no member's write handling changes).
 *
 * <p>Grizzly keeps state for every filter of the chain on every connection (seven operations, 4 bytes each, 28 bytes
 * per filter and connection, held for the connection's life); a group is one filter there however many it runs
 * (BENCHMARK.md, issue 15, tenth session). Members must keep no remainder in the chain (none of the runner's does):
 * the chain would store it for the group, and the members after it would not run.
 */
final class FilterGroup extends BaseFilter {
  private final List<Filter> members;

  FilterGroup(Filter... members) {
    this.members = List.of(members);
  }

  /** The members, in the chain's order. */
  List<Filter> members() {
    return members;
  }

  @Override
  public NextAction handleAccept(FilterChainContext ctx) throws IOException {
    return upward(ctx, member -> member.handleAccept(ctx));
  }

  @Override
  public NextAction handleConnect(FilterChainContext ctx) throws IOException {
    return upward(ctx, member -> member.handleConnect(ctx));
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    return upward(ctx, member -> member.handleRead(ctx));
  }

  @Override
  public NextAction handleClose(FilterChainContext ctx) throws IOException {
    return upward(ctx, member -> member.handleClose(ctx));
  }

  @Override
  public NextAction handleWrite(FilterChainContext ctx) throws IOException {
    return downward(ctx, member -> member.handleWrite(ctx));
  }

  @Override
  public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
    // an event runs up the chain or down it (a flush); down, the chain's indexes count backwards
    Step step = member -> member.handleEvent(ctx, event);
    return ctx.getStartIdx() <= ctx.getEndIdx() ? upward(ctx, step) : downward(ctx, step);
  }

  @Override
  public void exceptionOccurred(FilterChainContext ctx, Throwable error) {
    for (int i = members.size() - 1; i >= 0; i--) {
      members.get(i).exceptionOccurred(ctx, error);
    }
  }

  /** One member's handling of the event at hand. */
  private interface Step {
    NextAction take(Filter member) throws IOException;
  }

  private NextAction upward(FilterChainContext ctx, Step step) throws IOException {
    for (Filter member : members) {
      NextAction action = step.take(member);
      if (action != ctx.getInvokeAction()) {
        return action;
      }
    }
    return ctx.getInvokeAction();
  }

  private NextAction downward(FilterChainContext ctx, Step step) throws IOException {
    for (int i = members.size() - 1; i >= 0; i--) {
      NextAction action = step.take(members.get(i));
      if (action != ctx.getInvokeAction()) {
        return action;
      }
    }
    return ctx.getInvokeAction();
  }
}
