using System.Text;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Tests.Wire;

public sealed class BatchResultsReaderTests
{
    private static string ResponseLine(string key, byte[] image) =>
        $$$"""{"key":"{{{key}}}","response":{"candidates":[{"content":{"parts":[{"text":"t-{{{key}}}"},{"inlineData":{"mimeType":"image/png","data":"{{{ParserTestData.EscapedBase64(image)}}}"}}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":5},"modelVersion":"gemini-3-pro-image"}}""";

    private static string ErrorLine(string key) =>
        $$$"""{"key":"{{{key}}}","error":{"code":400,"message":"bad {{{key}}}","status":"INVALID_ARGUMENT"}}""";

    private static async Task<List<ParsedBatchLine>> ReadAsync(byte[] file, Stream? stream = null, long startOffset = 0, long maxImageBytes = ParserTestData.DefaultMaxImageBytes)
    {
        var lines = new List<ParsedBatchLine>();
        await foreach (var line in BatchResultsReader.ReadLinesAsync(stream ?? new ChunkedStream(file, 4096), new ImageParseLimits(maxImageBytes, ContentLength: 1), startOffset))
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public async Task Reads_response_and_error_lines_in_order_with_resumable_offsets()
    {
        byte[] a = ParserTestData.Png(5000, seed: 1);
        byte[] c = ParserTestData.Png(7000, seed: 3);
        string text = ResponseLine("sku-001", a) + "\n" + ErrorLine("sku-002") + "\r\n\n" + ResponseLine("sku-003", c) + "\n";
        byte[] file = Encoding.UTF8.GetBytes(text);

        for (int seed = 0; seed < 30; seed++)
        {
            var lines = await ReadAsync(file, ChunkedStream.Jittery(file, seed, maxChunk: 1 + (seed * 37 % 900)));

            Assert.Equal(3, lines.Count);
            Assert.Equal("sku-001", lines[0].Key);
            Assert.Equal(a, Assert.Single(lines[0].Response!.Images).Data.ToArray());
            Assert.Equal("t-sku-001", lines[0].Response!.Text.ToString());
            Assert.Equal("STOP", lines[0].Response!.FinishReason);
            Assert.Equal(5, lines[0].Response!.Usage!.InputTokens);
            Assert.False(lines[0].HasError);
            Assert.Equal(0, lines[0].StartOffset);
            Assert.Equal(text.IndexOf('\n') + 1, lines[0].EndOffset);

            Assert.Equal("sku-002", lines[1].Key);
            Assert.True(lines[1].HasError);
            Assert.Null(lines[1].Response);
            Assert.Equal(400, lines[1].ErrorCode);
            Assert.Equal("INVALID_ARGUMENT", lines[1].ErrorStatus);
            Assert.Equal("bad sku-002", lines[1].ErrorMessage);
            Assert.Equal(lines[0].EndOffset, lines[1].StartOffset);

            Assert.Equal("sku-003", lines[2].Key);
            Assert.Equal(c, Assert.Single(lines[2].Response!.Images).Data.ToArray());
            Assert.Equal(file.Length, lines[2].EndOffset);
            Assert.All(lines, l => Assert.False(l.IsTruncated));
        }
    }

    [Fact]
    public async Task Each_line_has_its_own_exact_image_buffer()
    {
        byte[] a = ParserTestData.Png(100_000, seed: 1);
        byte[] b = ParserTestData.Png(10, seed: 2);
        byte[] file = Encoding.UTF8.GetBytes(ResponseLine("a", a) + "\n" + ResponseLine("b", b) + "\n");

        var lines = await ReadAsync(file);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(lines[1].Response!.Images[0].Data, out var segment));
        Assert.Equal(10, segment.Array!.Length);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(lines[0].Response!.Images[0].Data, out segment));
        Assert.Equal(100_000, segment.Array!.Length);
    }

    [Fact]
    public async Task A_line_cut_at_the_end_is_reported_truncated_and_the_download_resumes_from_its_start()
    {
        byte[] a = ParserTestData.Png(3000, seed: 1);
        byte[] b = ParserTestData.Png(4000, seed: 2);
        byte[] full = Encoding.UTF8.GetBytes(ResponseLine("a", a) + "\n" + ResponseLine("b", b) + "\n" + ErrorLine("c"));

        for (int cut = 1; cut < full.Length; cut += 97)
        {
            var lines = await ReadAsync(full[..cut]);
            var complete = lines.Where(l => !l.IsTruncated).ToList();
            long resume = complete.Count == 0 ? 0 : complete[^1].EndOffset;
            Assert.All(complete, l => Assert.Null(l.Failure));
            if (lines.Count > 0 && lines[^1].IsTruncated)
            {
                Assert.Equal(resume, lines[^1].StartOffset);
                Assert.Equal(ResponseParseFailure.Truncated, lines[^1].Failure!.Failure);
            }

            // Resuming from the offset reads the rest exactly once.
            var rest = await ReadAsync(full, new MemoryStream(full, (int)resume, full.Length - (int)resume), startOffset: resume);
            Assert.Equal(new[] { "a", "b", "c" }, complete.Select(l => l.Key).Concat(rest.Select(l => l.Key)));
            Assert.All(rest, l => Assert.False(l.IsTruncated));
        }
    }

    [Fact]
    public async Task A_broken_connection_mid_line_is_a_truncated_line()
    {
        byte[] full = Encoding.UTF8.GetBytes(ResponseLine("a", ParserTestData.Png(300)) + "\n" + ResponseLine("b", ParserTestData.Png(3000)) + "\n");
        int firstEnd = Array.IndexOf(full, (byte)'\n') + 1;

        var lines = await ReadAsync(full, new ChunkedStream(full, 64, failAfter: firstEnd + 500));

        Assert.Equal(2, lines.Count);
        Assert.Equal("a", lines[0].Key);
        Assert.True(lines[1].IsTruncated);
        Assert.Equal(firstEnd, lines[1].StartOffset);
    }

    [Fact]
    public async Task A_bad_line_is_reported_and_reading_goes_on()
    {
        byte[] b = ParserTestData.Png(50);
        byte[] big = ParserTestData.Png(5000);
        string text = """{"key":"a","response":{"candidates":[}""" + "\n" + ResponseLine("big", big) + "\n" + "{\"key\":\"x\"\n" + ResponseLine("b", b) + "\nnot json\n";
        var lines = await ReadAsync(Encoding.UTF8.GetBytes(text), maxImageBytes: 1000);

        Assert.Equal(5, lines.Count);
        Assert.Equal(ResponseParseFailure.Malformed, lines[0].Failure!.Failure);
        Assert.Equal(ResponseParseFailure.ImageTooLarge, lines[1].Failure!.Failure);
        Assert.Equal(ResponseParseFailure.Malformed, lines[2].Failure!.Failure);
        Assert.Equal("b", lines[3].Key);
        Assert.Equal(b, lines[3].Response!.Images[0].Data.ToArray());
        Assert.NotNull(lines[4].Failure);
        Assert.All(lines, l => Assert.False(l.IsTruncated));
    }

    [Fact]
    public async Task A_large_line_allocates_little_more_than_its_image()
    {
        byte[] png = ParserTestData.Png(3 * 1024 * 1024, seed: 34);
        byte[] file = Encoding.UTF8.GetBytes(ResponseLine("a", png) + "\n");
        async Task<ParsedBatchLine> ReadOneAsync()
        {
            ParsedBatchLine? last = null;
            await foreach (var line in BatchResultsReader.ReadLinesAsync(new ChunkedStream(file, 65_536), new ImageParseLimits(ParserTestData.DefaultMaxImageBytes)))
            {
                last = line;
            }

            return last!;
        }

        await ReadOneAsync();
        long before = GC.GetAllocatedBytesForCurrentThread();
        ParsedBatchLine read = await ReadOneAsync();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(Assert.Single(read.Response!.Images).Data.Span.SequenceEqual(png));
        Assert.InRange(allocated, png.Length, png.Length + (64 * 1024));
    }

    [Fact]
    public async Task An_empty_file_has_no_lines()
    {
        Assert.Empty(await ReadAsync([]));
        Assert.Empty(await ReadAsync("\n\r\n  \n"u8.ToArray()));
    }

    [Fact]
    public async Task Cancellation_stays_cancellation()
    {
        using var cts = new CancellationTokenSource();
        byte[] file = Encoding.UTF8.GetBytes(ResponseLine("a", ParserTestData.Png(10)) + "\n" + ResponseLine("b", ParserTestData.Png(10)) + "\n");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in BatchResultsReader.ReadLinesAsync(new ChunkedStream(file, 16), new ImageParseLimits(1000), 0, cts.Token))
            {
                cts.Cancel();
            }
        });
    }
}
