package io.llmgw.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** How an upstream's event stream is framed into events, within the size bound. */
class SseEventsTest {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopWatchdog() {
        WATCHDOG.shutdownNow();
    }

    @Test
    void next_anyLineEnd_sameEvents() throws IOException {
        for (String end : List.of("\n", "\r\n", "\r")) {
            String body = "data: {\"a\":1}" + end + end + "event: done" + end + "data: x" + end + "data: y" + end + end;
            assertThat(events(body, 1000)).as("line end %s", end.replace("\r", "CR").replace("\n", "LF"))
                    .containsExactly(SseEvent.data("{\"a\":1}"), new SseEvent("done", "x\ny"));
        }
    }

    @Test
    void next_commentsAndUnknownFieldsSkipped_doneEndsTheStream() throws IOException {
        String body = ": keep-alive\nid: 7\ndata:no space\n\ndata: [DONE]\n\ndata: after\n\n";

        assertThat(events(body, 1000)).containsExactly(SseEvent.data("no space"));
    }

    @Test
    void next_bodyEndsWithoutBlankLine_lastEventKept() throws IOException {
        assertThat(events("data: a\n\ndata: é", 1000)).containsExactly(SseEvent.data("a"), SseEvent.data("é"));
    }

    @Test
    void next_linesLongerThanTheReadBuffer_joinedWhole() throws IOException {
        String big = "x".repeat(20_000);

        assertThat(events("data: " + big + "\r\n\r\ndata: b\n\n", 100_000))
                .containsExactly(SseEvent.data(big), SseEvent.data("b"));
    }

    @Test
    void next_eventAtTheBound_keptAndOnePastIt_tooLarge() throws IOException {
        // A line of the event may be as long as what is left of the bound, not a byte longer.
        assertThat(events("data: abcde\n\n", 11)).containsExactly(SseEvent.data("abcde"));
        assertThatThrownBy(() -> events("data: abcdef\n\n", 11)).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.kind()).isEqualTo(UpstreamException.Kind.TOO_LARGE));
    }

    private static List<SseEvent> events(String body, int maxEventBytes) throws IOException {
        InputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
        var events = new SseEvents(in, maxEventBytes, Duration.ofSeconds(5), WATCHDOG);
        List<SseEvent> all = new ArrayList<>();
        for (SseEvent e = events.next(); e != null; e = events.next()) {
            all.add(e);
        }
        return all;
    }
}
