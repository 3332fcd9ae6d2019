using System.Text;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Tests.Wire;

/// <summary>Answers found by a hostile-answer attack: each must end in an exact image or a classified parse failure.</summary>
public sealed class HostileAnswerTests
{
    private static string Answer(string data, string mime = "\"image/png\"") =>
        $$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":{{{mime}}},"data":"{{{data}}}"}}]},"finishReason":"STOP"}]}""";

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("\"\\t\"")]
    [InlineData("null")]
    public async Task A_blank_or_missing_mime_type_is_sniffed_from_the_bytes(string mime)
    {
        byte[] png = ParserTestData.Png(64);

        var parsed = await ParserTestData.ParseAsync(Answer(Convert.ToBase64String(png), mime));

        var image = Assert.Single(parsed.Images);
        Assert.Equal("image/png", image.MimeType);
        Assert.Equal(png, image.Data.ToArray());
    }

    [Theory]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"candidates":[{"\udc00x":1}]}""")]
    [InlineData("""{"modelVersion":"\ud800"}""")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"text":"a\udfffb"}]}}]}""")]
    public async Task An_escaped_lone_surrogate_is_read_or_a_malformed_answer_never_another_exception(string json)
    {
        foreach (bool interactions in new[] { false, true })
        {
            for (int chunk = 1; chunk <= json.Length; chunk++)
            {
                try
                {
                    await ParserTestData.ParseAsync(json, chunk, interactions: interactions);
                }
                catch (ResponseParseException ex)
                {
                    Assert.Equal(ResponseParseFailure.Malformed, ex.Failure);
                }
            }
        }
    }

    [Theory]
    [InlineData("iCopC 8T8")]
    [InlineData("iCop\tC8T8")]
    [InlineData("iCopC8T8\n")]
    [InlineData(" iCopC8T8")]
    [InlineData("iC\r\nopC8T8")]
    public async Task Raw_whitespace_in_base64_decodes_like_Convert(string data)
    {
        byte[] expected = Convert.FromBase64String(data);

        for (int chunk = 1; chunk <= 12; chunk++)
        {
            var parsed = await ParserTestData.ParseAsync(Answer(data.Replace("\t", "\\t").Replace("\r", "\\r").Replace("\n", "\\n")), chunk);
            Assert.Equal(expected, Assert.Single(parsed.Images).Data.ToArray());

            // Raw control characters are not legal JSON inside a string; only the space is.
            if (!data.Contains('\t') && !data.Contains('\r') && !data.Contains('\n'))
            {
                parsed = await ParserTestData.ParseAsync(Answer(data), chunk);
                Assert.Equal(expected, Assert.Single(parsed.Images).Data.ToArray());
            }
        }
    }

    [Fact]
    public async Task Whitespace_and_escapes_at_every_offset_and_chunk_boundary_decode_like_Convert()
    {
        byte[] bytes = ParserTestData.Png(30, seed: 5);
        string clean = Convert.ToBase64String(bytes);
        string[] inserts = [" ", "\\n", "\\r\\n", "\\t", "  "];
        for (int offset = 0; offset <= clean.Length; offset++)
        {
            foreach (string insert in inserts)
            {
                string data = clean[..offset] + insert + clean[offset..];
                for (int chunk = 1; chunk <= 9; chunk += 2)
                {
                    var parsed = await ParserTestData.ParseAsync(Answer(data), chunk, knownLength: chunk % 3 == 0);
                    Assert.Equal(bytes, Assert.Single(parsed.Images).Data.ToArray());
                }
            }
        }
    }

    [Fact]
    public async Task Random_whitespace_and_json_escapes_decode_exactly_like_Convert()
    {
        var random = new Random(20261129);
        for (int iteration = 0; iteration < 600; iteration++)
        {
            byte[] bytes = new byte[random.Next(0, 700)];
            random.NextBytes(bytes);
            string base64 = Convert.ToBase64String(bytes);

            // What Convert sees (the unescaped string) and what goes on the wire (the JSON-escaped form).
            var plain = new StringBuilder();
            var wire = new StringBuilder();
            foreach (char c in base64)
            {
                if (random.Next(10) == 0)
                {
                    AddWhitespace(random, plain, wire);
                }

                plain.Append(c);
                switch (random.Next(12))
                {
                    case 0:
                        wire.Append("\\u").Append(((int)c).ToString(random.Next(2) == 0 ? "x4" : "X4"));
                        break;
                    case 1 when c == '/':
                        wire.Append("\\/");
                        break;
                    default:
                        wire.Append(c);
                        break;
                }
            }

            if (random.Next(4) == 0)
            {
                AddWhitespace(random, plain, wire);
            }

            byte[] expected = Convert.FromBase64String(plain.ToString());
            byte[] body = Encoding.UTF8.GetBytes(Answer(wire.ToString()));
            var limits = new ImageParseLimits(ParserTestData.DefaultMaxImageBytes, ContentLength: random.Next(2) == 0 ? body.Length : null);
            using var stream = ChunkedStream.Jittery(body, seed: iteration, maxChunk: random.Next(1, 40));
            var parsed = await ImageResponseParser.ParseGenerateContentAsync(stream, limits, CancellationToken.None);

            if (expected.Length == 0)
            {
                Assert.Empty(parsed.Images);
            }
            else
            {
                Assert.Equal(expected, Assert.Single(parsed.Images).Data.ToArray());
            }
        }
    }

    [Fact]
    public async Task Long_runs_broken_by_spaces_or_escaped_whitespace_at_any_offset_decode_like_Convert()
    {
        // The single-pass decoder hands whole runs (up to a 64 KiB read) to the vectorized decoder and trusts only an
        // exact 4-characters-to-3-bytes count: anything that breaks a long run at any offset must still give Convert's bytes.
        var random = new Random(20261130);
        for (int iteration = 0; iteration < 160; iteration++)
        {
            byte[] bytes = new byte[random.Next(1, 24_000)];
            random.NextBytes(bytes);
            string base64 = Convert.ToBase64String(bytes);

            // What Convert sees (raw whitespace) and what goes on the wire (a raw space, or a JSON escape).
            int[] breaks = [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, base64.Length + 1)).Order()];
            var plain = new StringBuilder();
            var wire = new StringBuilder();
            int from = 0;
            foreach (int at in breaks)
            {
                plain.Append(base64, from, at - from);
                wire.Append(base64, from, at - from);
                from = at;
                switch (random.Next(3))
                {
                    case 0:
                        plain.Append(' ');
                        wire.Append(' ');
                        break;
                    case 1:
                        plain.Append('\n');
                        wire.Append("\\n");
                        break;
                    default:
                        plain.Append(' ');
                        wire.Append("\\u0020");
                        break;
                }
            }

            plain.Append(base64, from, base64.Length - from);
            wire.Append(base64, from, base64.Length - from);
            byte[] expected = Convert.FromBase64String(plain.ToString());
            byte[] body = Encoding.UTF8.GetBytes(Answer(wire.ToString()));
            var limits = new ImageParseLimits(ParserTestData.DefaultMaxImageBytes, ContentLength: random.Next(2) == 0 ? body.Length : null);
            int maxChunk = random.Next(3) switch { 0 => random.Next(1, 64), 1 => random.Next(64, 4096), _ => 1 << 20 };
            using var stream = ChunkedStream.Jittery(body, seed: iteration, maxChunk: maxChunk);
            var parsed = await ImageResponseParser.ParseGenerateContentAsync(stream, limits, CancellationToken.None);
            Assert.Equal(expected, Assert.Single(parsed.Images).Data.ToArray());
        }
    }

    private static void AddWhitespace(Random random, StringBuilder plain, StringBuilder wire)
    {
        switch (random.Next(5))
        {
            case 0:
                plain.Append(' ');
                wire.Append(' ');
                break;
            case 1:
                plain.Append('\n');
                wire.Append("\\n");
                break;
            case 2:
                plain.Append('\r');
                wire.Append("\\r");
                break;
            case 3:
                plain.Append('\t');
                wire.Append("\\u0009");
                break;
            default:
                plain.Append("\r\n");
                wire.Append("\\r\\n");
                break;
        }
    }
}
