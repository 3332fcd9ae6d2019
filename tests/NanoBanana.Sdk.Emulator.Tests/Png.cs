using System.Buffers.Binary;
using System.IO.Compression;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>An independent PNG checker: signature, chunk CRCs, IHDR, and that the IDAT stream inflates to exactly the pixel rows.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Size(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(Signature), "PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>Fully decodes the structure; returns the pixel size.</summary>
    public static (int Width, int Height) Validate(byte[] png)
    {
        var (width, height) = Size(png);
        using var idat = new MemoryStream();
        var at = 8;
        var sawEnd = false;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(BitwiseCrc32(png.AsSpan(at + 4, 4 + length)), crc);
            if (type == "IHDR")
            {
                Assert.Equal(8, png[at + 16]);
                Assert.Equal(2, png[at + 17]);
            }

            if (type == "IDAT")
            {
                idat.Write(png, at + 8, length);
            }

            sawEnd = type == "IEND";
            at += 12 + length;
        }

        Assert.True(sawEnd, "IEND last");
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var stride = 1 + (width * 3);
        Assert.Equal((long)stride * height, raw.Length);
        var bytes = raw.GetBuffer();
        for (var y = 0; y < height; y++)
        {
            Assert.InRange(bytes[(long)y * stride], 0, 4);
        }

        return (width, height);
    }

    private static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
