package dev.socketchat.bench;

import java.nio.file.Path;
import java.util.List;

/** How servers and generators are run, common to every scenario. */
record Settings(
    Path benchDir,
    Path jar,
    String serverJava,
    List<String> jvmOptions,
    String generatorJava,
    long heartbeatMillis,
    int nodes,
    Path logDir) {}
