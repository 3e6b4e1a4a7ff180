package io.llmgw.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgw.gateway.config.YamlNode;
import io.llmgw.gateway.keys.Authentication;
import io.llmgw.gateway.keys.KeyFileLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code create-key} prints a key once and an entry that, pasted into the key file, accepts it. */
class CreateKeyCommandTest {

    @Test
    void createKey_printedEntryAuthenticatesPrintedKey() {
        var out = new StringWriter();
        var cli = new CommandLine(new GatewayCli());
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("create-key", "--id", "alice-laptop", "--user", "alice", "--model", "gpt-4o,qwen-coder",
                "--metadata", "env=dev", "--expires", "2030-01-01T00:00:00Z");

        assertThat(exit).isZero();
        var matcher = Pattern.compile("\\n  (sk-\\S+)\\n").matcher(out.toString());
        assertThat(matcher.find()).isTrue();
        String key = matcher.group(1);
        String entry = out.toString().substring(out.toString().indexOf("  - id:"));
        var registry = KeyFileLoader.load(YamlNode.parse("keys:\n" + entry, "keys.yaml"), Clock.systemUTC());
        var principal = ((Authentication.Authenticated) registry.authenticate(key)).principal();
        assertThat(principal.keyId()).isEqualTo("alice-laptop");
        assertThat(principal.keyModels()).containsExactly("gpt-4o", "qwen-coder");
        assertThat(principal.metadata()).containsEntry("env", "dev");
        assertThat(entry).doesNotContain(key);
    }

    @Test
    void createKey_withoutId_usageErrorExit2() {
        var cli = new CommandLine(new GatewayCli());
        cli.setErr(new PrintWriter(new StringWriter()));

        assertThat(cli.execute("create-key")).isEqualTo(2);
    }
}
