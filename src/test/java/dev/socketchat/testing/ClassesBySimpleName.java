package dev.socketchat.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs test classes in the order of their simple names, whatever their package, so the classes of one server
 * ({@code PayaraChatProtocolIT}, {@code PayaraDeploymentIT}, ...) run one after another and share one server start.
 */
public final class ClassesBySimpleName implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(Comparator.comparing((ClassDescriptor descriptor) -> descriptor.getTestClass().getSimpleName()));
  }
}
