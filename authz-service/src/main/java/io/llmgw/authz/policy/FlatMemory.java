package io.llmgw.authz.policy;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A policy module's linear memory as one contiguous byte array, for a single non-shared
 * memory used by one thread at a time.
 *
 * <p>Chicory's own {@code ByteArrayMemory} splits memory into 64 KiB pages and so does two
 * array loads and a page-boundary test on every access. OPA's JSON parser, where an
 * evaluation spends most of its time, touches memory a few times per input byte; with one
 * array each access is a single bounds-checked load. In a same-harness comparison (five
 * forks each, {@code opa_eval} on the shipped policy) this took the evaluation p50 from 30
 * to 20 us. Growing copies the array, which OPA's allocator does rarely: the engine starts
 * with enough pages for the data and a few inputs. The price of one array is a 2 GiB
 * ceiling (Java arrays are int-indexed), far above what an authorization policy needs.
 *
 * <p>Out-of-bounds accesses trap with Chicory's {@link WasmRuntimeException}, as its own
 * memories do. Shared-memory operations (atomics' wait and notify) are refused: OPA modules
 * declare no shared memory.
 */
final class FlatMemory implements Memory {

    /** The largest memory a Java array can hold, in whole wasm pages. */
    static final int MAX_PAGES = Integer.MAX_VALUE / PAGE_SIZE;

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final int initialPages;
    private final int maximumPages;
    private byte[] bytes;
    private DataSegment[] segments = new DataSegment[0];

    /** A zeroed memory of {@code initialPages} that may grow to {@code maximumPages} (at most {@link #MAX_PAGES}). */
    FlatMemory(int initialPages, int maximumPages) {
        if (initialPages < 0 || maximumPages < initialPages || maximumPages > MAX_PAGES) {
            throw new IllegalArgumentException("memory of " + initialPages + " to " + maximumPages
                    + " pages is not possible (0 <= initial <= maximum <= " + MAX_PAGES + ")");
        }
        this.initialPages = initialPages;
        this.maximumPages = maximumPages;
        this.bytes = new byte[initialPages * PAGE_SIZE];
    }

    private WasmRuntimeException outOfBounds(int addr, int size, RuntimeException cause) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address " + addr
                + " with size " + size + " in a memory of " + bytes.length + " bytes", cause);
    }

    @Override
    public int pages() {
        return bytes.length / PAGE_SIZE;
    }

    @Override
    public int grow(int size) {
        int previous = pages();
        if (size < 0 || previous + (long) size > maximumPages) {
            return -1;
        }
        if (size > 0) {
            bytes = Arrays.copyOf(bytes, (previous + size) * PAGE_SIZE);
        }
        return previous;
    }

    @Override
    public int initialPages() {
        return initialPages;
    }

    @Override
    public int maximumPages() {
        return maximumPages;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        throw new UnsupportedOperationException("a policy module's memory is not shared");
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new UnsupportedOperationException("a policy module's memory is not shared");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new UnsupportedOperationException("a policy module's memory is not shared");
    }

    @Override
    public int notify(int address, int maxThreads) {
        throw new UnsupportedOperationException("a policy module's memory is not shared");
    }

    /** Copies the module's active data segments to their offsets; keeps passive ones for {@code memory.init}. */
    @Override
    public void initialize(Instance instance, DataSegment[] dataSegments) {
        if (dataSegments == null) {
            return;
        }
        this.segments = dataSegments.clone();
        for (DataSegment segment : dataSegments) {
            if (segment instanceof ActiveDataSegment active && active.index() == 0) {
                int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                write(offset, active.data(), 0, active.data().length);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int size) {
        write(dest, segments[segmentId].data(), offset, size);
    }

    @Override
    public void drop(int segment) {
        segments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int addr, byte[] data, int offset, int size) {
        try {
            System.arraycopy(data, offset, bytes, addr, size);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, size, e);
        }
    }

    @Override
    public byte[] readBytes(int addr, int len) {
        try {
            Objects.checkFromIndexSize(addr, len, bytes.length);
            return Arrays.copyOfRange(bytes, addr, addr + len);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, len, e);
        }
    }

    @Override
    public void copy(int dest, int src, int size) {
        // System.arraycopy copies overlapping ranges within one array as if through a temporary.
        try {
            Objects.checkFromIndexSize(src, size, bytes.length);
            System.arraycopy(bytes, src, bytes, dest, size);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(Math.min(dest, src), size, e);
        }
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        try {
            Arrays.fill(bytes, fromIndex, toIndex, value);
        } catch (RuntimeException e) {
            throw outOfBounds(fromIndex, toIndex - fromIndex, e);
        }
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public byte read(int addr) {
        try {
            return bytes[addr];
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1, e);
        }
    }

    @Override
    public void writeByte(int addr, byte data) {
        try {
            bytes[addr] = data;
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 1, e);
        }
    }

    @Override
    public short readShort(int addr) {
        try {
            return (short) SHORTS.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 2, e);
        }
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeShort(int addr, short data) {
        try {
            SHORTS.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 2, e);
        }
    }

    @Override
    public int readInt(int addr) {
        try {
            return (int) INTS.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4, e);
        }
    }

    @Override
    public void writeI32(int addr, int data) {
        try {
            INTS.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4, e);
        }
    }

    @Override
    public long readLong(int addr) {
        try {
            return (long) LONGS.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8, e);
        }
    }

    @Override
    public void writeLong(int addr, long data) {
        try {
            LONGS.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8, e);
        }
    }

    @Override
    public float readFloat(int addr) {
        try {
            return (float) FLOATS.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4, e);
        }
    }

    /** The float's bits, sign-extended as Chicory's memories return them. */
    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public void writeF32(int addr, float data) {
        try {
            FLOATS.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 4, e);
        }
    }

    @Override
    public double readDouble(int addr) {
        try {
            return (double) DOUBLES.get(bytes, addr);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8, e);
        }
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void writeF64(int addr, double data) {
        try {
            DOUBLES.set(bytes, addr, data);
        } catch (IndexOutOfBoundsException e) {
            throw outOfBounds(addr, 8, e);
        }
    }
}
