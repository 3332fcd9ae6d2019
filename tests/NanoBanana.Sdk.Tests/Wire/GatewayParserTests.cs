using System.Text;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Tests.Wire;

/// <summary>Chat completions and Images API answers on the shared streaming engine.</summary>
public sealed class GatewayParserTests
{
    private static async Task<ParsedImageResponse> ChatAsync(string json, int chunk = 4096, int? seed = null)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        using Stream stream = seed is int s ? ChunkedStream.Jittery(body, s, chunk) : new ChunkedStream(body, chunk);
        return await ImageResponseParser.ParseChatCompletionAsync(stream, new ImageParseLimits(ParserTestData.DefaultMaxImageBytes), CancellationToken.None);
    }

    private static async Task<ParsedImageResponse> ImagesAsync(string json, int chunk = 4096, bool knownLength = true)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        using var stream = new ChunkedStream(body, chunk);
        return await ImageResponseParser.ParseImagesApiAsync(stream, new ImageParseLimits(ParserTestData.DefaultMaxImageBytes, ContentLength: knownLength ? body.Length : null), CancellationToken.None);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(4096)]
    public async Task Images_in_message_images_are_decoded_with_usage_cost_and_model(int chunk)
    {
        byte[] png = ParserTestData.Png(3000);
        string json = $$$"""
            {"id":"gen-1","model":"google/gemini-3-pro-image-preview","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Here you go.",
             "images":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{ParserTestData.EscapedBase64(png)}}}"}}]}}],
             "usage":{"prompt_tokens":12,"completion_tokens":1300,"total_tokens":1312,"cost":0.134,"completion_tokens_details":{"image_tokens":1290,"reasoning_tokens":3} } }
            """;

        var parsed = await ChatAsync(json, chunk);

        var image = Assert.Single(parsed.Images);
        Assert.Equal(png, image.Data.ToArray());
        Assert.Equal("image/png", image.MimeType);
        Assert.Equal("Here you go.", parsed.Text.ToString());
        Assert.Equal(0.134m, parsed.ReportedCostUsd);
        Assert.Equal("google/gemini-3-pro-image-preview", parsed.ModelVersion);
        Assert.Equal("gen-1", parsed.ResponseId);
        Assert.Equal("stop", parsed.FinishReason);
        Assert.Equal(12, parsed.Usage!.InputTokens);
        Assert.Equal(1300, parsed.Usage.OutputTokens);
        Assert.Equal(1290, parsed.Usage.OutputImageTokens);
        Assert.Equal(3, parsed.Usage.ThoughtTokens);
        Assert.Equal(1312, parsed.Usage.TotalTokens);
    }

    [Fact]
    public async Task Image_url_content_parts_and_plain_urls_are_read()
    {
        byte[] jpeg = ParserTestData.Jpeg(500);
        string json = $$$"""
            {"choices":[{"message":{"content":[{"type":"text","text":"first"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,{{{Convert.ToBase64String(jpeg)}}}"}},
             {"type":"image_url","image_url":"https://cdn.example/x.png"}]}}]}
            """;

        var parsed = await ChatAsync(json, 7);

        Assert.Equal(jpeg, Assert.Single(parsed.Images).Data.ToArray());
        Assert.Equal("image/jpeg", parsed.Images[0].MimeType);
        Assert.Equal("first", parsed.Text.ToString());
        Assert.Equal(["https://cdn.example/x.png"], parsed.ImageUrls);
        Assert.Null(parsed.ReportedCostUsd);
    }

    [Fact]
    public async Task Markdown_data_uris_inside_content_text_are_decoded_and_the_text_kept()
    {
        byte[] first = ParserTestData.Png(700, seed: 3);
        byte[] second = ParserTestData.Jpeg(900, seed: 4);
        string json = $$$"""
            {"choices":[{"message":{"content":"Sure! ![image](data:image/png;base64,{{{ParserTestData.EscapedBase64(first)}}})\nand a data: note\n![second](data:;base64,{{{Convert.ToBase64String(second)}}}) done \u00e9"}}]}
            """;

        for (int seed = 0; seed < 40; seed++)
        {
            var parsed = await ChatAsync(json, chunk: 1 + (seed % 17), seed: seed);

            Assert.Equal(2, parsed.Images.Count);
            Assert.Equal(first, parsed.Images[0].Data.ToArray());
            Assert.Equal("image/png", parsed.Images[0].MimeType);
            Assert.Equal(second, parsed.Images[1].Data.ToArray());
            Assert.Equal("image/jpeg", parsed.Images[1].MimeType);
            Assert.Equal("Sure! \nand a data: note\n done é", parsed.Text.ToString());
        }
    }

    [Fact]
    public async Task A_large_data_url_decodes_with_one_final_copy()
    {
        byte[] png = ParserTestData.Png(3_000_000);
        string json = $$$"""{"choices":[{"message":{"images":[{"image_url":{"url":"data:image/png;base64,{{{Convert.ToBase64String(png)}}}"}}]}}]}""";

        var parsed = await ChatAsync(json, 16 * 1024);

        Assert.True(Assert.Single(parsed.Images).Data.Span.SequenceEqual(png));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task A_large_image_allocates_little_more_than_its_decoded_size(bool chat, bool knownLength)
    {
        byte[] png = ParserTestData.Png(3 * 1024 * 1024, seed: 34);
        string json = chat
            ? $$$"""{"choices":[{"message":{"content":"Here: ![image](data:image/png;base64,{{{Convert.ToBase64String(png)}}})"}}],"usage":{"cost":0.1}}"""
            : $$$"""{"data":[{"b64_json":"{{{Convert.ToBase64String(png)}}}"}],"usage":{"output_tokens":1}}""";
        byte[] body = Encoding.UTF8.GetBytes(json);
        var limits = new ImageParseLimits(ParserTestData.DefaultMaxImageBytes, 64, knownLength ? body.Length : null);
        Func<Task<ParsedImageResponse>> parse = chat
            ? () => ImageResponseParser.ParseChatCompletionAsync(new ChunkedStream(body, 65_536), limits, CancellationToken.None).AsTask()
            : () => ImageResponseParser.ParseImagesApiAsync(new ChunkedStream(body, 65_536), limits, CancellationToken.None).AsTask();

        // Synchronous chunks keep the parse on this thread; the first parse warms the array pool.
        await parse();
        long before = GC.GetAllocatedBytesForCurrentThread();
        ParsedImageResponse result = await parse();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(png));
        Assert.InRange(allocated, png.Length, png.Length + (64 * 1024));
    }

    [Theory]
    [InlineData("""{"choices":[{"message":{"content":"![x](data:image/png;base64,A)"}}]}""")]
    [InlineData("""{"choices":[{"message":{"content":"![x](data:image/png;base64,AAAA""")]
    [InlineData("""{"choices":[{"message":{"content":"\q"}}]}""")]
    [InlineData("""[{"choices":[]}]""")]
    public async Task Hostile_chat_answers_are_classified(string json)
    {
        await Assert.ThrowsAsync<ResponseParseException>(() => ChatAsync(json, 3));
    }

    [Fact]
    public async Task A_text_only_chat_answer_has_no_image()
    {
        var parsed = await ChatAsync("""{"choices":[{"message":{"content":"I cannot draw that; see data:text/plain,hi"},"finish_reason":"content_filter"}]}""", 2);

        Assert.Empty(parsed.Images);
        Assert.Equal("I cannot draw that; see data:text/plain,hi", parsed.Text.ToString());
        Assert.Equal("content_filter", parsed.FinishReason);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(5, false)]
    [InlineData(4096, true)]
    public async Task Images_api_b64_json_and_urls_are_read(int chunk, bool knownLength)
    {
        byte[] png = ParserTestData.Png(2000);
        byte[] jpeg = ParserTestData.Jpeg(1500);
        string json = $$$"""
            {"created":1,"data":[{"b64_json":"{{{ParserTestData.EscapedBase64(png)}}}","revised_prompt":"a banana"},{"url":"https://cdn.example/2.png"},{"b64_json":"{{{Convert.ToBase64String(jpeg)}}}"}],
             "usage":{"input_tokens":10,"output_tokens":4000,"total_tokens":4010,"cost":"0.08"}}
            """;

        var parsed = await ImagesAsync(json, chunk, knownLength);

        Assert.Equal(2, parsed.Images.Count);
        Assert.Equal(png, parsed.Images[0].Data.ToArray());
        Assert.Equal("image/png", parsed.Images[0].MimeType);
        Assert.Equal(jpeg, parsed.Images[1].Data.ToArray());
        Assert.Equal("image/jpeg", parsed.Images[1].MimeType);
        Assert.Equal(["https://cdn.example/2.png"], parsed.ImageUrls);
        Assert.Equal("a banana", parsed.Text.ToString());
        Assert.Equal(10, parsed.Usage!.InputTokens);
        Assert.Equal(4000, parsed.Usage.OutputTokens);
        Assert.Equal(0.08m, parsed.ReportedCostUsd);
    }

    [Fact]
    public async Task Service_strings_are_redacted_of_the_configured_key_in_any_case()
    {
        const string Key = "nbk_Live_7f3A9c2e41d84b6F";
        string json = $$$"""{"modelVersion":"m-{{{Key.ToUpperInvariant()}}}","responseId":"{{{Key.ToLowerInvariant()}}}","candidates":[{"finishReason":"X{{{Key}}}"}]}""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var parsed = await ImageResponseParser.ParseGenerateContentAsync(stream, new ImageParseLimits(1000, Secret: Key), CancellationToken.None);

        Assert.DoesNotContain(Key, parsed.ModelVersion!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, parsed.ResponseId!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, parsed.FinishReason!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, new ImageParseLimits(1, Secret: Key).ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
