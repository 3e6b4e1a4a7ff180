package io.llmgw.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The gateway's commands other than serving. */
@Command(name = "llmgw-gateway", mixinStandardHelpOptions = true, subcommands = CreateKeyCommand.class,
        description = "Without arguments (or with 'serve'), starts the gateway. Commands:")
public final class GatewayCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command in {@code args}; returns the process exit code. */
    public static int run(String... args) {
        return new CommandLine(new GatewayCli()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
