package io.llmgw.authz.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import io.llmgw.authz.v1.CheckRequest;
import io.llmgw.authz.v1.RequestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request time in the policy input: written as protobuf's own JSON mapping writes a Timestamp. */
class PolicyInputMapperTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 100_000_000, 123_000_000, 123_456_000, 123_456_789, 1})
    void toInput_requestTime_asProtobufJsonWritesIt(int nanos) {
        Timestamp time = Timestamp.newBuilder().setSeconds(1_796_193_000L).setNanos(nanos).build();
        var request = CheckRequest.newBuilder().setRequest(RequestInfo.newBuilder().setTime(time)).build();

        var input = PolicyInputMapper.toInput(request);

        assertThat(input.at("/request/time").asText()).isEqualTo(Timestamps.toString(time));
        assertThat(input.at("/request/clock/hour").asInt()).isEqualTo(6);
        assertThat(input.at("/request/clock/weekday").asInt()).isEqualTo(3);
    }
}
