package dev.socketchat.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final LogBudget budget = new LogBudget(3, now::get);

  @Test
  void linesOverTheBudgetOfASecondAreLeftOutAndCountedBeforeTheNextThatFits() {
    assertThat(budget.admit()).isZero();
    assertThat(budget.admit()).isZero();
    assertThat(budget.admit()).isZero();
    assertThat(budget.admit()).as("the fourth line of the second").isEqualTo(-1);
    assertThat(budget.admit()).isEqualTo(-1);

    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(budget.admit()).as("the next second's first line tells how many were left out").isEqualTo(2);
    assertThat(budget.admit()).as("and only once").isZero();
  }

  @Test
  void aSecondNotYetOverKeepsItsBudgetUsed() {
    for (int i = 0; i < 3; i++) {
      budget.admit();
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    assertThat(budget.admit()).isEqualTo(-1);
  }
}
