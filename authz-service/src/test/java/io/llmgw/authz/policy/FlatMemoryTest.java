package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import org.junit.jupiter.api.Test;

class FlatMemoryTest {

    private final FlatMemory memory = new FlatMemory(1, 3);

    @Test
    void grow_withinMaximum_returnsPreviousPagesAndKeepsContents() {
        memory.writeI32(100, 0x01020304);

        assertThat(memory.grow(2)).isEqualTo(1);
        assertThat(memory.pages()).isEqualTo(3);
        assertThat(memory.readInt(100)).isEqualTo(0x01020304);
        assertThat(memory.readLong(3 * Memory.PAGE_SIZE - 8)).isZero();
    }

    @Test
    void grow_beyondMaximum_refusedAndSizeUnchanged() {
        assertThat(memory.grow(3)).isEqualTo(-1);
        assertThat(memory.pages()).isEqualTo(1);
    }

    @Test
    void access_pastTheEnd_trapsNamingTheAddress() {
        int end = Memory.PAGE_SIZE;

        assertThatThrownBy(() -> memory.readInt(end - 2)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access").hasMessageContaining("address " + (end - 2));
        assertThatThrownBy(() -> memory.writeByte(end, (byte) 1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.read(-1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.write(end - 1, new byte[2], 0, 2)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.copy(0, end - 1, 2)).isInstanceOf(WasmRuntimeException.class);
    }

    @Test
    void values_littleEndianAsWasmDefines() {
        memory.writeI32(0, 0x11223344);
        memory.writeLong(8, -2L);
        memory.writeF64(16, 1.5);
        memory.writeF32(24, -0.25f);
        memory.writeShort(28, (short) -3);

        assertThat(memory.readBytes(0, 4)).containsExactly(0x44, 0x33, 0x22, 0x11);
        assertThat(memory.readLong(8)).isEqualTo(-2L);
        assertThat(memory.readDouble(16)).isEqualTo(1.5);
        assertThat(memory.readFloat(24)).isEqualTo(-0.25f);
        assertThat(memory.readF32(24)).isEqualTo(Float.floatToRawIntBits(-0.25f));
        assertThat(memory.readShort(28)).isEqualTo((short) -3);
        assertThat(memory.readU16(28)).isEqualTo(0xFFFDL);
    }

    @Test
    void copy_overlappingRanges_copiesAsIfThroughATemporary() {
        memory.write(0, new byte[] {1, 2, 3, 4, 5}, 0, 5);

        memory.copy(1, 0, 4);

        assertThat(memory.readBytes(0, 5)).containsExactly(1, 1, 2, 3, 4);
    }

    @Test
    void readCString_stopsAtTheFirstZero() {
        memory.writeCString(10, "allow");

        assertThat(memory.readCString(10)).isEqualTo("allow");
    }

    @Test
    void constructor_impossibleLimits_refused() {
        assertThatThrownBy(() -> new FlatMemory(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlatMemory(1, FlatMemory.MAX_PAGES + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
