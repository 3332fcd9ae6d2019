using System.Runtime.Intrinsics;

namespace NanoBanana.Sdk.Emulator.Imaging;

/// <summary>
/// CRC-32 (PNG chunks) and Adler-32 (zlib trailer). System.IO.Hashing is not on the feed, and a realistic
/// 4K image means checksumming ~48 MB per answer, so CRC-32 uses slicing-by-8 rather than a byte loop.
/// </summary>
internal static class Checksums
{
    private static readonly uint[] Table = BuildTable();
    private static readonly Vector128<ushort> WeightsLow = Vector128.Create((ushort)16, 15, 14, 13, 12, 11, 10, 9);
    private static readonly Vector128<ushort> WeightsHigh = Vector128.Create((ushort)8, 7, 6, 5, 4, 3, 2, 1);

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        for (var n = 0; n < 256; n++)
        {
            for (var slice = 1; slice < 8; slice++)
            {
                var previous = table[((slice - 1) * 256) + n];
                table[(slice * 256) + n] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }

    /// <summary>Continues a CRC-32; start with 0 and pass the previous result to chain spans.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        var t = Table;
        crc = ~crc;
        while (data.Length >= 8)
        {
            var one = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var two = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (one & 0xFF)] ^ t[(6 * 256) + ((one >> 8) & 0xFF)] ^ t[(5 * 256) + ((one >> 16) & 0xFF)] ^ t[(4 * 256) + (one >> 24)]
                ^ t[(3 * 256) + (two & 0xFF)] ^ t[(2 * 256) + ((two >> 8) & 0xFF)] ^ t[256 + ((two >> 16) & 0xFF)] ^ t[two >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    /// <summary>Continues an Adler-32; start with 1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static uint Adler32(uint adler, ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        const int MaxRun = 5552; // the longest run before the sums can overflow 32 bits (a multiple of 16)
        uint a = adler & 0xFFFF, b = adler >> 16;
        while (!data.IsEmpty)
        {
            var run = data[..Math.Min(MaxRun, data.Length)];
            // 16 bytes per step without the byte-to-byte a→b dependency: b gains 16·a plus the bytes weighted 16..1.
            while (run.Length >= 16)
            {
                // All lanes stay below 65536: 16 bytes of 255 weighted by at most 16.
                var (low, high) = Vector128.Widen(Vector128.Create(run[..16]));
                b += (a * 16) + Vector128.Sum((low * WeightsLow) + (high * WeightsHigh));
                a += Vector128.Sum(low + high);
                run = run[16..];
            }

            foreach (var x in run)
            {
                a += x;
                b += a;
            }

            a %= Mod;
            b %= Mod;
            data = data[Math.Min(MaxRun, data.Length)..];
        }

        return (b << 16) | a;
    }
}
