namespace NanoBanana.Sdk.Emulator.Imaging;

/// <summary>
/// A minimal baseline JPEG writer (SOF0, YCbCr 4:4:4, Huffman): every 8×8 block is one flat colour, so only
/// the DC coefficient is coded and each block ends with an end-of-block code. Enough for a valid, decodable
/// file of any size at almost no cost; not a general-purpose encoder.
/// </summary>
internal static class JpegEncoder
{
    // ITU T.81 Annex K.3 standard luminance DC table: code lengths per bit count, then the categories.
    private static readonly byte[] DcBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] DcValues = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

    // An AC table with a single 1-bit code for end-of-block (0x00): every block's AC coefficients are zero.
    private static readonly byte[] AcBits = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] AcValues = [0x00];

    private static readonly (int Code, int Length)[] DcCodes = CanonicalCodes(DcBits, DcValues);

    /// <summary>A JPEG whose 8×8 block at (column, row) has colour <paramref name="blockColor"/>(column, row).</summary>
    public static byte[] Encode(int width, int height, Func<int, int, (byte R, byte G, byte B)> blockColor)
    {
        using var output = new MemoryStream();
        Marker(output, 0xD8);
        Segment(output, 0xE0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

        var quant = new byte[65];
        quant[0] = 0; // 8-bit precision, table 0
        Array.Fill(quant, (byte)1, 1, 64);
        quant[1] = 8; // DC step 8: a flat block's DC coefficient is 8 × (mean − 128), so the quantised DC is the mean − 128
        Segment(output, 0xDB, quant);

        Segment(output, 0xC0,
        [
            8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3,
            1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0,
        ]);
        Segment(output, 0xC4, [0x00, .. DcBits, .. DcValues, 0x10, .. AcBits, .. AcValues]);
        Segment(output, 0xDA, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]);

        var bits = new BitWriter(output);
        Span<int> previous = stackalloc int[3];
        Span<int> dc = stackalloc int[3];
        var columns = (width + 7) / 8;
        var rows = (height + 7) / 8;
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                var (r, g, b) = blockColor(column, row);
                dc[0] = (int)Math.Round((0.299 * r) + (0.587 * g) + (0.114 * b)) - 128;
                dc[1] = (int)Math.Round((-0.168736 * r) - (0.331264 * g) + (0.5 * b));
                dc[2] = (int)Math.Round((0.5 * r) - (0.418688 * g) - (0.081312 * b));
                for (var component = 0; component < 3; component++)
                {
                    var diff = dc[component] - previous[component];
                    previous[component] = dc[component];
                    var category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
                    var (code, length) = DcCodes[category];
                    bits.Write(code, length);
                    if (category > 0)
                    {
                        // Negative differences are sent as diff − 1 in `category` bits (one's complement).
                        bits.Write(diff > 0 ? diff : diff - 1 + (1 << category), category);
                    }

                    bits.Write(0, 1); // end of block
                }
            }
        }

        bits.Flush();
        Marker(output, 0xD9);
        return output.ToArray();
    }

    private static (int Code, int Length)[] CanonicalCodes(byte[] bits, byte[] values)
    {
        var codes = new (int, int)[values.Max() + 1];
        int code = 0, k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < bits[length - 1]; i++)
            {
                codes[values[k++]] = (code++, length);
            }

            code <<= 1;
        }

        return codes;
    }

    private static void Marker(Stream output, byte marker)
    {
        output.WriteByte(0xFF);
        output.WriteByte(marker);
    }

    private static void Segment(Stream output, byte marker, ReadOnlySpan<byte> payload)
    {
        Marker(output, marker);
        var length = payload.Length + 2;
        output.WriteByte((byte)(length >> 8));
        output.WriteByte((byte)length);
        output.Write(payload);
    }

    /// <summary>MSB-first bit packing with JPEG byte stuffing (0xFF is followed by 0x00 in entropy-coded data).</summary>
    private sealed class BitWriter(Stream output)
    {
        private int _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        /// <summary>Pads the last byte with 1 bits, as the standard asks.</summary>
        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1);
            }
        }

        private void Emit()
        {
            var b = (byte)_buffer;
            output.WriteByte(b);
            if (b == 0xFF)
            {
                output.WriteByte(0);
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
