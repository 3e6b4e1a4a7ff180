package io.llmgw.authz.tools;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar llmgw-authz-service.jar policy <command>}: the policy tools. Exit codes:
 * 0 done, 1 a {@code --fail-on} condition was met, 2 the tool could not do its work (the
 * message says why).
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Tools for changing the access policy safely: replay logged decisions against a candidate,"
                + " explain one decision.",
        subcommands = {ReplayCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class PolicyCli {

    private PolicyCli() {}

    /** Runs the tools on {@code args}, on standard output and error, and returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
    }

    /** Runs the tools on {@code args}, writing reports to {@code out} and errors to {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        // The engine logs bundle loading at INFO for the service; a tool's output is its report.
        Logger.getLogger("io.llmgw").setLevel(Level.WARNING);
        CommandLine cli = new CommandLine(new PolicyCli()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof ToolException) {
                commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println(commandLine.getCommandName() + ": failed: " + e);
            return 2;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
