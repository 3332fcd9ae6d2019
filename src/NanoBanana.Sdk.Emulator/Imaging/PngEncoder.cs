using System.Buffers.Binary;
using System.IO.Compression;

namespace NanoBanana.Sdk.Emulator.Imaging;

/// <summary>
/// Writes 8-bit RGB PNGs in two payload profiles: a tiny one (each row one colour, Sub-filtered so deflate
/// sees almost only zeros) and a realistic one (noise in stored deflate blocks, so the file is as large as
/// the raw pixels — like a photo from the real service — yet costs no compression time).
/// </summary>
internal static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private const int MaxStoredBlock = 65535;

    /// <summary>A PNG whose row y has colour <paramref name="rowColor"/>(y).</summary>
    public static byte[] EncodeRows(int width, int height, Func<int, (byte R, byte G, byte B)> rowColor)
    {
        using var zlib = new MemoryStream();
        using (var deflate = new ZLibStream(zlib, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (width * 3)];
            row[0] = 1; // Sub filter: after the first pixel every byte is the difference to its left neighbour, i.e. 0
            for (var y = 0; y < height; y++)
            {
                var (r, g, b) = rowColor(y);
                row[1] = r;
                row[2] = g;
                row[3] = b;
                deflate.Write(row);
            }
        }

        var idat = zlib.GetBuffer().AsSpan(0, (int)zlib.Length);
        var png = new byte[Signature.Length + 25 + 12 + idat.Length + 12];
        var at = WriteHeader(png, width, height);
        at = WriteChunk(png, at, "IDAT"u8, idat);
        WriteChunk(png, at, "IEND"u8, []);
        return png;
    }

    /// <summary>A PNG of pseudo-random pixels from <paramref name="seed"/>, stored without compression.</summary>
    public static byte[] EncodeNoise(int width, int height, ulong seed)
    {
        var stride = 1 + ((long)width * 3);
        var rawLength = stride * height;
        var blocks = (rawLength + MaxStoredBlock - 1) / MaxStoredBlock;
        var zlibLength = 2 + rawLength + (5 * blocks) + 4;
        var total = Signature.Length + 25 + 12 + zlibLength + 12;
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"A {width}x{height} realistic PNG would exceed the largest array.");
        }

        var png = new byte[total];
        var at = WriteHeader(png, width, height);
        var chunkStart = at;
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(at), (int)zlibLength);
        "IDAT"u8.CopyTo(png.AsSpan(at + 4));
        at += 8;
        png[at++] = 0x78; // zlib header: deflate, 32K window, no preset dictionary, "fastest" level
        png[at++] = 0x01;

        var random = new SplitMix(seed);
        uint adler = 1;
        long rawOffset = 0;
        while (rawOffset < rawLength)
        {
            var length = (int)Math.Min(MaxStoredBlock, rawLength - rawOffset);
            png[at] = rawOffset + length == rawLength ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16LittleEndian(png.AsSpan(at + 1), (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(png.AsSpan(at + 3), (ushort)~length);
            at += 5;
            var block = png.AsSpan(at, length);
            random.Fill(block);
            // Every scanline starts with its filter type byte, which must be 0 (None) for raw noise.
            for (var firstRow = (rawOffset + stride - 1) / stride * stride; firstRow < rawOffset + length; firstRow += stride)
            {
                block[(int)(firstRow - rawOffset)] = 0;
            }

            adler = Checksums.Adler32(adler, block);
            at += length;
            rawOffset += length;
        }

        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at), adler);
        at += 4;
        var crc = Checksums.Crc32(0, png.AsSpan(chunkStart + 4, at - chunkStart - 4));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at), crc);
        at += 4;
        WriteChunk(png, at, "IEND"u8, []);
        return png;
    }

    private static int WriteHeader(byte[] png, int width, int height)
    {
        Signature.CopyTo(png, 0);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB; compression, filter and interlace methods stay 0
        return WriteChunk(png, Signature.Length, "IHDR"u8, ihdr);
    }

    private static int WriteChunk(byte[] png, int at, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(at), data.Length);
        type.CopyTo(png.AsSpan(at + 4));
        data.CopyTo(png.AsSpan(at + 8));
        var crc = Checksums.Crc32(0, png.AsSpan(at + 4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(at + 8 + data.Length), crc);
        return at + 12 + data.Length;
    }

    /// <summary>SplitMix64: fast, seedable, and good enough that deflate cannot shrink its output.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Fill(Span<byte> destination)
        {
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(destination);
            for (var i = 0; i < words.Length; i++)
            {
                words[i] = Next();
            }

            var tail = destination[(words.Length * 8)..];
            if (!tail.IsEmpty)
            {
                Span<byte> last = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(last, Next());
                last[..tail.Length].CopyTo(tail);
            }
        }

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
