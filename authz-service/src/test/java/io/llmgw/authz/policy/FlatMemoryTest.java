package io.llmgw.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The module memory's contract as the wasm specification states it: sizes in whole pages,
 * growth that keeps contents and zeroes the new pages, little-endian values, and a trap for
 * every access that reaches even one byte past the end.
 */
class FlatMemoryTest {

    private static final int END = Memory.PAGE_SIZE;

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
    void grow_newPages_areZeroedAndAddressable() {
        memory.grow(1);

        assertThat(memory.readBytes(END, END)).containsOnly(0);
        memory.writeLong(2 * END - 8, -1L);
        assertThat(memory.readLong(2 * END - 8)).isEqualTo(-1L);
    }

    @Test
    void grow_beyondMaximum_refusedAndSizeUnchanged() {
        assertThat(memory.grow(3)).isEqualTo(-1);
        assertThat(memory.pages()).isEqualTo(1);
    }

    @Test
    void grow_exactlyToMaximum_allowedThenNothingMore() {
        assertThat(memory.grow(2)).isEqualTo(1);

        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThat(memory.grow(0)).isEqualTo(3);
        assertThat(memory.pages()).isEqualTo(3);
    }

    @Test
    void grow_zeroOrNegative_keepsSizeAndContents() {
        memory.writeByte(7, (byte) 9);

        assertThat(memory.grow(0)).isEqualTo(1);
        assertThat(memory.grow(-1)).isEqualTo(-1);
        assertThat(memory.pages()).isEqualTo(1);
        assertThat(memory.read(7)).isEqualTo((byte) 9);
    }

    @Test
    void grow_pageCountOverflowingAnInt_refused() {
        assertThat(new FlatMemory(1, FlatMemory.MAX_PAGES).grow(Integer.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void limits_reportedAsConstructed() {
        memory.grow(1);

        assertThat(memory.initialPages()).isEqualTo(1);
        assertThat(memory.maximumPages()).isEqualTo(3);
        assertThat(memory.shared()).isFalse();
        assertThat(FlatMemory.MAX_PAGES).isEqualTo(32_767);
    }

    @Test
    void constructor_zeroPages_isAnEmptyMemory() {
        FlatMemory empty = new FlatMemory(0, 1);

        assertThat(empty.pages()).isZero();
        assertThatThrownBy(() -> empty.read(0)).isInstanceOf(WasmRuntimeException.class);
        assertThat(empty.grow(1)).isZero();
        assertThat(empty.read(END - 1)).isZero();
    }

    @Test
    void constructor_impossibleLimits_refused() {
        assertThatThrownBy(() -> new FlatMemory(2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 to 1 pages");
        assertThatThrownBy(() -> new FlatMemory(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlatMemory(1, FlatMemory.MAX_PAGES + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new FlatMemory(1, FlatMemory.MAX_PAGES).maximumPages()).isEqualTo(FlatMemory.MAX_PAGES);
        assertThat(new FlatMemory(1, 1).pages()).isEqualTo(1);
    }

    @Test
    void access_pastTheEnd_trapsNamingTheAddressAndSize() {
        assertThatThrownBy(() -> memory.readInt(END - 2)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("out of bounds memory access")
                .hasMessageContaining("address " + (END - 2))
                .hasMessageContaining("size 4")
                .hasMessageContaining(END + " bytes");
        assertThatThrownBy(() -> memory.writeByte(END, (byte) 1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.read(-1)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.write(END - 1, new byte[2], 0, 2)).isInstanceOf(WasmRuntimeException.class);
        assertThatThrownBy(() -> memory.copy(0, END - 1, 2)).isInstanceOf(WasmRuntimeException.class);
    }

    /** Each typed access: its width, a write of it at {@code addr}, a read of it at {@code addr}. */
    static Stream<Arguments> typedAccesses() {
        record Access(String name, int width, IntConsumer write, IntConsumer read) {}
        FlatMemory m = new FlatMemory(1, 1);
        return Stream.of(
                new Access("byte", 1, a -> m.writeByte(a, (byte) 1), m::read),
                new Access("short", 2, a -> m.writeShort(a, (short) 1), m::readShort),
                new Access("u16", 2, a -> m.writeShort(a, (short) 1), m::readU16),
                new Access("i32", 4, a -> m.writeI32(a, 1), m::readInt),
                new Access("i64", 8, a -> m.writeLong(a, 1), m::readLong),
                new Access("f32", 4, a -> m.writeF32(a, 1f), m::readFloat),
                new Access("f32 bits", 4, a -> m.writeF32(a, 1f), m::readF32),
                new Access("f64", 8, a -> m.writeF64(a, 1d), m::readDouble),
                new Access("f64 bits", 8, a -> m.writeF64(a, 1d), m::readF64))
                .map(a -> Arguments.of(a.name(), a.width(), a.write(), a.read()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typedAccesses")
    void typedAccess_lastWholeValueFits_oneBytePastTraps(String name, int width, IntConsumer write, IntConsumer read) {
        write.accept(END - width);
        read.accept(END - width);
        write.accept(0);

        for (int addr : new int[] {END - width + 1, END, -1, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> write.accept(addr)).as("write at %d", addr).isInstanceOf(WasmRuntimeException.class)
                    .hasMessageContaining("size " + width);
            assertThatThrownBy(() -> read.accept(addr)).as("read at %d", addr).isInstanceOf(WasmRuntimeException.class);
        }
    }

    @Test
    void values_littleEndianAsWasmDefines() {
        memory.writeI32(0, 0x11223344);
        memory.writeLong(8, -2L);
        memory.writeF64(16, 1.5);
        memory.writeF32(24, -0.25f);
        memory.writeShort(28, (short) -3);
        memory.writeLong(32, 0x0102030405060708L);

        assertThat(memory.readBytes(0, 4)).containsExactly(0x44, 0x33, 0x22, 0x11);
        assertThat(memory.readLong(8)).isEqualTo(-2L);
        assertThat(memory.readDouble(16)).isEqualTo(1.5);
        assertThat(memory.readF64(16)).isEqualTo(Double.doubleToRawLongBits(1.5));
        assertThat(memory.readFloat(24)).isEqualTo(-0.25f);
        assertThat(memory.readF32(24)).isEqualTo(Float.floatToRawIntBits(-0.25f));
        assertThat(memory.readShort(28)).isEqualTo((short) -3);
        assertThat(memory.readU16(28)).isEqualTo(0xFFFDL);
        assertThat(memory.readBytes(32, 8)).containsExactly(8, 7, 6, 5, 4, 3, 2, 1);
        assertThat(memory.readInt(32)).isEqualTo(0x05060708);
    }

    @Test
    void readBytes_wholeMemoryAndEmptyAtTheEnd_allowedOneMoreTraps() {
        memory.writeByte(END - 1, (byte) 5);

        assertThat(memory.readBytes(0, END)).hasSize(END).endsWith(5);
        assertThat(memory.readBytes(END, 0)).isEmpty();
        assertThatThrownBy(() -> memory.readBytes(1, END)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("address 1").hasMessageContaining("size " + END);
        assertThatThrownBy(() -> memory.readBytes(0, -1)).isInstanceOf(WasmRuntimeException.class);
    }

    @Test
    void write_partOfAnArray_copiesOnlyThatPart() {
        memory.write(10, new byte[] {1, 2, 3, 4, 5}, 1, 3);

        assertThat(memory.readBytes(9, 5)).containsExactly(0, 2, 3, 4, 0);
        memory.write(END - 3, new byte[] {7, 8, 9}, 0, 3);
        assertThat(memory.readBytes(END - 3, 3)).containsExactly(7, 8, 9);
    }

    @Test
    void copy_overlappingRanges_copiesAsIfThroughATemporary() {
        memory.write(0, new byte[] {1, 2, 3, 4, 5}, 0, 5);

        memory.copy(1, 0, 4);
        assertThat(memory.readBytes(0, 5)).containsExactly(1, 1, 2, 3, 4);

        memory.copy(0, 1, 4);
        assertThat(memory.readBytes(0, 5)).containsExactly(1, 2, 3, 4, 4);
    }

    @Test
    void copy_toOrFromTheLastBytes_allowedOneBytePastTraps() {
        memory.write(0, new byte[] {1, 2}, 0, 2);

        memory.copy(END - 2, 0, 2);
        assertThat(memory.readBytes(END - 2, 2)).containsExactly(1, 2);
        assertThatThrownBy(() -> memory.copy(END - 1, 0, 2)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("size 2");
        assertThatThrownBy(() -> memory.copy(0, END - 1, 2)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("address 0");
        assertThat(memory.readBytes(0, 2)).as("a trapped copy writes nothing").containsExactly(1, 2);
    }

    @Test
    void fill_setsExactlyTheRange() {
        memory.fill((byte) 0x5a, 3, 7);

        assertThat(memory.readBytes(2, 6)).containsExactly(0, 0x5a, 0x5a, 0x5a, 0x5a, 0);
        memory.fill((byte) 0, 4, 6);
        assertThat(memory.readBytes(2, 6)).containsExactly(0, 0x5a, 0, 0, 0x5a, 0);
    }

    @Test
    void fill_toTheEnd_allowedPastItTraps() {
        memory.fill((byte) 1, END - 4, END);
        assertThat(memory.readInt(END - 4)).isEqualTo(0x01010101);

        assertThatThrownBy(() -> memory.fill((byte) 2, END - 4, END + 1)).isInstanceOf(WasmRuntimeException.class)
                .hasMessageContaining("address " + (END - 4)).hasMessageContaining("size 5");
        assertThatThrownBy(() -> memory.fill((byte) 2, -1, 1)).isInstanceOf(WasmRuntimeException.class);
    }

    @Test
    void zero_clearsEveryByteKeepsTheSize() {
        memory.grow(1);
        memory.fill((byte) 0x7f, 0, 2 * END);

        memory.zero();

        assertThat(memory.pages()).isEqualTo(2);
        assertThat(memory.readBytes(0, 2 * END)).containsOnly(0);
    }

    @Test
    void readCString_stopsAtTheFirstZero() {
        memory.writeCString(10, "allow");

        assertThat(memory.readCString(10)).isEqualTo("allow");
    }

    private static List<Instruction> at(int offset) {
        return List.of(new Instruction(0, OpCode.I32_CONST, new long[] {offset}));
    }

    @Test
    void initialize_activeSegments_copiedToTheirOffsetsPassiveOnesKept() {
        DataSegment[] segments = {
            new ActiveDataSegment(0, at(100), new byte[] {1, 2, 3}),
            new PassiveDataSegment(new byte[] {4, 5, 6, 7}),
            new ActiveDataSegment(1, at(200), new byte[] {9}),
        };

        memory.initialize(null, segments);

        assertThat(memory.readBytes(99, 5)).containsExactly(0, 1, 2, 3, 0);
        assertThat(memory.read(200)).as("a segment of another memory").isZero();
        memory.initPassiveSegment(1, 300, 1, 2);
        assertThat(memory.readBytes(299, 4)).containsExactly(0, 5, 6, 0);
    }

    @Test
    void initialize_segmentsArrayChangedLater_memoryKeepsItsOwnCopy() {
        DataSegment[] segments = {new PassiveDataSegment(new byte[] {4, 5})};
        memory.initialize(null, segments);

        segments[0] = PassiveDataSegment.EMPTY;

        memory.initPassiveSegment(0, 0, 0, 2);
        assertThat(memory.readBytes(0, 2)).containsExactly(4, 5);
    }

    @Test
    void initialize_noSegments_leavesMemoryZeroed() {
        memory.initialize(null, null);

        assertThat(memory.readBytes(0, END)).containsOnly(0);
    }

    @Test
    void drop_passiveSegment_laterInitOfItTrapsUnlessEmpty() {
        memory.initialize(null, new DataSegment[] {new PassiveDataSegment(new byte[] {4, 5})});

        memory.drop(0);

        memory.initPassiveSegment(0, 0, 0, 0);
        assertThatThrownBy(() -> memory.initPassiveSegment(0, 0, 0, 1)).isInstanceOf(WasmRuntimeException.class);
        assertThat(memory.read(0)).isZero();
    }

    @Test
    void activeSegment_pastTheEnd_traps() {
        DataSegment[] segments = {new ActiveDataSegment(0, at(END - 1), new byte[] {1, 2})};

        assertThatThrownBy(() -> memory.initialize(null, segments)).isInstanceOf(WasmRuntimeException.class);
    }

    @Test
    void sharedMemoryOperations_refused() {
        assertThatThrownBy(() -> memory.lock(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> memory.waitOn(0, 0, 0L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> memory.waitOn(0, 0L, 0L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> memory.notify(0, 1)).isInstanceOf(UnsupportedOperationException.class);
    }
}
