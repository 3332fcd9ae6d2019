using System.Runtime.InteropServices;
using System.Text;
using NanoBanana.Sdk.Wire;
using static NanoBanana.Sdk.Tests.Wire.ParserTestData;

namespace NanoBanana.Sdk.Tests.Wire;

public sealed class GenerateContentParserTests
{
    public static TheoryData<int> ChunkSizes => new() { 1, 3, 7, 4096 };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task CamelCaseAnswer_YieldsImageTextUsageAndMetadata(int chunkSize)
    {
        byte[] png = Png(20_000);
        string json = $$$$"""
            {
              "candidates": [{
                "content": { "role": "model", "parts": [
                  { "text": "Here is your banana." },
                  { "inlineData": { "mimeType": "image/png", "data": "{{{{Base64(png)}}}}" }, "thoughtSignature": "c2lnbmF0dXJl" }
                ] },
                "finishReason": "STOP",
                "index": 0
              }],
              "usageMetadata": {
                "promptTokenCount": 12, "candidatesTokenCount": 1299, "totalTokenCount": 1411, "thoughtsTokenCount": 100,
                "candidatesTokensDetails": [ { "modality": "IMAGE", "tokenCount": 1290 }, { "modality": "TEXT", "tokenCount": 9 } ],
                "promptTokensDetails": [ { "modality": "TEXT", "tokenCount": 12 } ]
              },
              "modelVersion": "gemini-3-pro-image",
              "responseId": "resp-123"
            }
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        ParsedImage image = Assert.Single(result.Images);
        Assert.Equal("image/png", image.MimeType);
        Assert.True(image.Data.Span.SequenceEqual(png));
        Assert.Equal("Here is your banana.", result.Text.ToString());
        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal("gemini-3-pro-image", result.ModelVersion);
        Assert.Equal("resp-123", result.ResponseId);
        Assert.Null(result.Status);
        Assert.Equal(1, result.CandidateCount);
        Assert.Equal(0, result.SkippedThoughts);
        Assert.Equal(
            new TokenUsage { InputTokens = 12, OutputTokens = 1299, TotalTokens = 1411, ThoughtTokens = 100, OutputImageTokens = 1290, OutputTextTokens = 9 },
            result.Usage);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task SnakeCaseAnswer_IsReadLikeCamelCase(int chunkSize)
    {
        byte[] jpeg = Jpeg(5_000);
        string json = $$$$"""
            {"candidates":[{"content":{"parts":[{"inline_data":{"mime_type":"image/jpeg","data":"{{{{Base64(jpeg)}}}}"}}]},
              "finish_reason":"STOP","finish_message":"done"}],
             "usage_metadata":{"prompt_token_count":5,"candidates_token_count":1120,"total_token_count":1125,"thoughts_token_count":7,
               "candidates_tokens_details":[{"modality":"IMAGE","token_count":1120}]},
             "model_version":"gemini-3.1-flash-image","response_id":"r-9",
             "prompt_feedback":{"safety_ratings":[]}}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        ParsedImage image = Assert.Single(result.Images);
        Assert.Equal("image/jpeg", image.MimeType);
        Assert.True(image.Data.Span.SequenceEqual(jpeg));
        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal("done", result.FinishMessage);
        Assert.Equal("gemini-3.1-flash-image", result.ModelVersion);
        Assert.Equal("r-9", result.ResponseId);
        Assert.Equal(
            new TokenUsage { InputTokens = 5, OutputTokens = 1120, TotalTokens = 1125, ThoughtTokens = 7, OutputImageTokens = 1120 },
            result.Usage);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task ThoughtPartBeforeOrAfterItsImage_IsSkippedAndCounted(int chunkSize)
    {
        byte[] thoughtBefore = Png(3_000, seed: 10);
        byte[] thoughtAfter = Png(4_000, seed: 11);
        byte[] result1 = Jpeg(6_000, seed: 12);
        string json = $$$$"""
            {"candidates":[{"content":{"parts":[
              {"thought":true,"inlineData":{"mimeType":"image/png","data":"{{{{Base64(thoughtBefore)}}}}"}},
              {"text":"thinking about bananas","thought":true},
              {"inlineData":{"mimeType":"image/png","data":"{{{{Base64(thoughtAfter)}}}}"},"thought":true},
              {"inlineData":{"mimeType":"image/jpeg","data":"{{{{Base64(result1)}}}}"}},
              {"text":"final words","thought":false}
            ]},"finishReason":"STOP"}]}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        ParsedImage image = Assert.Single(result.Images);
        Assert.True(image.Data.Span.SequenceEqual(result1));
        Assert.Equal("final words", result.Text.ToString());
        Assert.Equal(3, result.SkippedThoughts);
    }

    [Fact]
    public async Task DroppedThoughtImage_GivesItsBufferSpaceBack()
    {
        byte[] thought = Png(30_000, seed: 3);
        byte[] final = Png(10_000, seed: 4);
        string json = $$$$"""
            {"candidates":[{"content":{"parts":[
              {"inlineData":{"mimeType":"image/png","data":"{{{{Base64(thought)}}}}"},"thought":true},
              {"inlineData":{"mimeType":"image/png","data":"{{{{Base64(final)}}}}"}}]}}]}
            """;

        ParsedImageResponse result = await ParseAsync(json, knownLength: false);

        ParsedImage image = Assert.Single(result.Images);
        Assert.True(image.Data.Span.SequenceEqual(final));
        Assert.True(MemoryMarshal.TryGetArray(image.Data, out ArraySegment<byte> segment));
        Assert.Equal(0, segment.Offset);
        Assert.Equal(final.Length, segment.Array!.Length);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task MultipleCandidates_KeepAllImagesInOrderAndTheFirstFinishReason(int chunkSize)
    {
        byte[] first = Png(2_000, seed: 5);
        byte[] second = Jpeg(3_000, seed: 6);
        byte[] third = Png(1_000, seed: 7);
        string json = $$$$"""
            {"candidates":[
              {"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(first)}}}}"}}]},"finishReason":"STOP","index":0},
              {"content":{"parts":[{"text":"second"},{"inlineData":{"mimeType":"image/jpeg","data":"{{{{Base64(second)}}}}"}},
                                   {"inlineData":{"mimeType":"image/png","data":"{{{{Base64(third)}}}}"}}]},"finishReason":"MAX_TOKENS","index":1}
            ]}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        Assert.Equal(2, result.CandidateCount);
        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal("second", result.Text.ToString());
        Assert.Collection(
            result.Images,
            i => Assert.True(i.Data.Span.SequenceEqual(first) && i.MimeType == "image/png"),
            i => Assert.True(i.Data.Span.SequenceEqual(second) && i.MimeType == "image/jpeg"),
            i => Assert.True(i.Data.Span.SequenceEqual(third) && i.MimeType == "image/png"));

        // One decode buffer for the whole answer: every image is a slice of the same array.
        byte[]?[] arrays = [.. result.Images.Select(i => MemoryMarshal.TryGetArray(i.Data, out ArraySegment<byte> s) ? s.Array : null)];
        Assert.All(arrays, a => Assert.Same(arrays[0], a));
    }

    [Fact]
    public async Task RepeatedDataKey_TheLastOneWins()
    {
        byte[] first = Png(2_000, seed: 8);
        byte[] last = Png(1_000, seed: 9);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"data":"{{{{Base64(first)}}}}","mimeType":"image/png","data":"{{{{Base64(last)}}}}"}}]}}]}""";

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 7, knownLength: false);

        ParsedImage image = Assert.Single(result.Images);
        Assert.True(image.Data.Span.SequenceEqual(last));
        Assert.True(MemoryMarshal.TryGetArray(image.Data, out ArraySegment<byte> segment));
        Assert.Equal(last.Length, segment.Array!.Length);
    }

    [Fact]
    public async Task TextOnlyAnswer_HasNoImageAndJoinsTextParts()
    {
        string json = """{"candidates":[{"content":{"parts":[{"text":"I can't draw that,"},{"text":"but here is a poem."}]},"finishReason":"STOP"}]}""";

        ParsedImageResponse result = await ParseAsync(json);

        Assert.Empty(result.Images);
        Assert.Equal("I can't draw that,\nbut here is a poem.", result.Text.ToString());
        Assert.Equal("STOP", result.FinishReason);
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task SafetyFinishWithoutParts_ReportsTheReason()
    {
        string json = """
            {"candidates":[{"finishReason":"IMAGE_SAFETY","finishMessage":"Unable to show the generated image.","index":0,
              "safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"NEGLIGIBLE"}]}],
             "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash-image"}
            """;

        ParsedImageResponse result = await ParseAsync(json);

        Assert.Empty(result.Images);
        Assert.Equal("IMAGE_SAFETY", result.FinishReason);
        Assert.Equal("Unable to show the generated image.", result.FinishMessage);
        Assert.Equal(new TokenUsage { InputTokens = 9, TotalTokens = 9 }, result.Usage);
    }

    [Fact]
    public async Task BlockedPrompt_ReportsBlockReason()
    {
        string json = """
            {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT","blockReasonMessage":"The prompt was blocked.",
              "safetyRatings":[{"category":"HARM_CATEGORY_SEXUALLY_EXPLICIT","probability":"HIGH","blocked":true}]},
             "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"responseId":"blk"}
            """;

        ParsedImageResponse result = await ParseAsync(json);

        Assert.Empty(result.Images);
        Assert.Equal(0, result.CandidateCount);
        Assert.Equal("PROHIBITED_CONTENT", result.BlockReason);
        Assert.Equal("The prompt was blocked.", result.BlockReasonMessage);
        Assert.Equal("blk", result.ResponseId);
    }

    [Fact]
    public async Task EmptyObject_GivesAnEmptyResult()
    {
        ParsedImageResponse result = await ParseAsync("  { }  ");

        Assert.Empty(result.Images);
        Assert.Equal(0, result.CandidateCount);
        Assert.Null(result.FinishReason);
        Assert.Null(result.Usage);
        Assert.Equal(string.Empty, result.Text.ToString());
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task EscapedBase64_DecodesLikeThePlainForm(int chunkSize)
    {
        byte[] png = Png(3_000, seed: 21);
        string escaped = EscapedBase64(png);
        Assert.Contains("\\u002B", escaped, StringComparison.Ordinal);
        Assert.Contains("\\/", escaped, StringComparison.Ordinal);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{escaped}}}}"}}]}}]}""";

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(png));
    }

    [Fact]
    public async Task EscapedLineBreaksInBase64_AreIgnored()
    {
        byte[] png = Png(500, seed: 22);
        string wrapped = Convert.ToBase64String(png, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\\r\\n", StringComparison.Ordinal);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{wrapped}}}}"}}]}}]}""";

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 5);

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(png));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task MimeTypeAfterData_IsStillUsed(int chunkSize)
    {
        byte[] jpeg = Jpeg(2_500);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"data":"{{{{Base64(jpeg)}}}}","mimeType":"image/jpeg"}}]}}]}""";

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        ParsedImage image = Assert.Single(result.Images);
        Assert.Equal("image/jpeg", image.MimeType);
        Assert.True(image.Data.Span.SequenceEqual(jpeg));
    }

    [Fact]
    public async Task MissingMimeType_IsSniffedFromTheBytes()
    {
        byte[] jpeg = Jpeg(100);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"data":"{{{{Base64(jpeg)}}}}"}}]}}]}""";

        ParsedImageResponse result = await ParseAsync(json);

        Assert.Equal("image/jpeg", Assert.Single(result.Images).MimeType);
    }

    [Fact]
    public async Task UnpaddedAndWhitespaceAroundTokens_AreAccepted()
    {
        byte[] bytes = Png(1_001, seed: 23);
        string unpadded = Base64(bytes).TrimEnd('=');
        string json = $$$$"""{ "candidates" : [ { "content" : { "parts" : [ { "inlineData" : { "data" :  "{{{{unpadded}}}}" , "mimeType" : "image/png" } } ] } } ] }""";

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 2);

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(bytes));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ContentLengthKnownOrNot_GivesTheSameBytes(bool knownLength)
    {
        byte[] png = Png(300_000, seed: 30);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(png)}}}}"}}]}}],"usageMetadata":{"totalTokenCount":1}}""";

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 4096, knownLength: knownLength);

        ParsedImage image = Assert.Single(result.Images);
        Assert.True(image.Data.Span.SequenceEqual(png));

        // Known length: the buffer was sized once and the image is a slice of it, not a copy. Unknown: one exact copy.
        Assert.True(MemoryMarshal.TryGetArray(image.Data, out ArraySegment<byte> segment));
        Assert.InRange(segment.Array!.Length, png.Length, png.Length + 64);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LargeImage_AllocatesLittleMoreThanItsDecodedSize(bool knownLength)
    {
        byte[] png = Png(3 * 1024 * 1024, seed: 34);
        byte[] body = Encoding.UTF8.GetBytes($$$$"""{"candidates":[{"content":{"parts":[{"text":"4K"},{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(png)}}}}"}}]}}],"usageMetadata":{"totalTokenCount":2000}}""");
        var limits = new ImageParseLimits(DefaultMaxImageBytes, 64, knownLength ? body.Length : null);

        // The chunked stream completes synchronously, so the whole parse runs on this thread and the per-thread counter
        // sees all of it. The first parse warms the array pool, as a long-lived client's earlier calls would.
        await ImageResponseParser.ParseGenerateContentAsync(new ChunkedStream(body, 65_536), limits, CancellationToken.None);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ParsedImageResponse result = await ImageResponseParser.ParseGenerateContentAsync(new ChunkedStream(body, 65_536), limits, CancellationToken.None);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(png));
        Assert.InRange(allocated, png.Length, png.Length + (64 * 1024));
    }

    [Fact]
    public async Task ContentLengthSmallerThanTheBody_StillDecodesEverything()
    {
        byte[] png = Png(50_000, seed: 31);
        byte[] body = Encoding.UTF8.GetBytes($$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(png)}}}}"}}]}}]}""");
        using var stream = new ChunkedStream(body, 1000);

        ParsedImageResponse result = await ImageResponseParser.ParseGenerateContentAsync(stream, new ImageParseLimits(DefaultMaxImageBytes, 64, ContentLength: 100), CancellationToken.None);

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(png));
    }

    [Fact]
    public async Task ImageOverTheLimit_FailsWithoutReadingTheRest()
    {
        byte[] png = Png(1_000_000, seed: 32);
        byte[] body = Encoding.UTF8.GetBytes($$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(png)}}}}"}}]}}]}""");
        using var stream = new ChunkedStream(body, 4096);

        var ex = await Assert.ThrowsAsync<ResponseParseException>(() =>
            ImageResponseParser.ParseGenerateContentAsync(stream, new ImageParseLimits(100_000, 64, body.Length), CancellationToken.None).AsTask());

        Assert.Equal(ResponseParseFailure.ImageTooLarge, ex.Failure);
        Assert.InRange(stream.Position, 1, 200_000);
    }

    [Fact]
    public async Task ImageExactlyAtTheLimit_IsAccepted()
    {
        byte[] png = Png(10_000, seed: 33);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(png)}}}}"}}]}}]}""";

        ParsedImageResponse result = await ParseAsync(json, maxImageBytes: png.Length);

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(png));
        Assert.Equal(ResponseParseFailure.ImageTooLarge, await FailureAsync(json, maxImageBytes: png.Length - 1));
    }

    [Fact]
    public async Task TruncatedBody_FailsAsTruncatedWherever_ItIsCut()
    {
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"text":"hi"},{"inlineData":{"mimeType":"image/png","data":"{{{{Base64(Png(300))}}}}"}}]},"finishReason":"STOP"}],"usageMetadata":{"totalTokenCount":12}}""";

        for (int cut = 0; cut < json.Length; cut++)
        {
            var ex = await Assert.ThrowsAsync<ResponseParseException>(() => ParseAsync(json[..cut], chunkSize: 64));
            Assert.True(ex.Failure == ResponseParseFailure.Truncated, $"cut at {cut}: {ex.Failure} {ex.Message}");
        }
    }

    [Fact]
    public async Task BrokenConnection_IsTruncatedWithTheIOExceptionInside()
    {
        byte[] body = Encoding.UTF8.GetBytes($$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"data":"{{{{Base64(Png(10_000))}}}}"}}]}}]}""");
        using var stream = new ChunkedStream(body, 1000, failAfter: 5000);

        var ex = await Assert.ThrowsAsync<ResponseParseException>(() =>
            ImageResponseParser.ParseGenerateContentAsync(stream, new ImageParseLimits(DefaultMaxImageBytes), CancellationToken.None).AsTask());

        Assert.Equal(ResponseParseFailure.Truncated, ex.Failure);
        Assert.IsType<IOException>(ex.InnerException);
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("Internal Server Error")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"just a string\"")]
    [InlineData("[]")]
    [InlineData("{\"candidates\":[]} trailing")]
    [InlineData("{\"candidates\":[]}{}")]
    [InlineData("{\"candidates\":[,]}")]
    [InlineData("{'candidates':[]}")]
    public async Task NotAJsonObject_IsMalformed(string body)
    {
        Assert.Equal(ResponseParseFailure.Malformed, await FailureAsync(body));
        Assert.Equal(ResponseParseFailure.Malformed, await FailureAsync(body, chunkSize: 1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task EmptyBody_IsTruncated(string body) =>
        Assert.Equal(ResponseParseFailure.Truncated, await FailureAsync(body));

    [Theory]
    [InlineData("QUFB QQ==QUFB")]
    [InlineData("QUFB*UFB")]
    [InlineData("Q")]
    [InlineData("QUFBQ")]
    [InlineData("QUFB\\\"QUFB")]
    [InlineData("QUFB\\u00e9QUF")]
    [InlineData("QUFB\\u12")]
    public async Task InvalidBase64_IsMalformed(string data)
    {
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"{{{{data}}}}"}}]}}]}""";

        Assert.Equal(ResponseParseFailure.Malformed, await FailureAsync(json));
        Assert.Equal(ResponseParseFailure.Malformed, await FailureAsync(json, chunkSize: 1));
    }

    [Fact]
    public async Task DeepNesting_IsTooDeep()
    {
        string deep = "{\"candidates\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.Equal(ResponseParseFailure.TooDeep, await FailureAsync(deep));
        Assert.Equal(ResponseParseFailure.TooDeep, await FailureAsync("{\"a\":{\"b\":{\"c\":[1]}}}", maxDepth: 3));
        Assert.Equal(ResponseParseFailure.Malformed, await FailureAsync(new string('[', 10_000)));
        ParsedImageResponse atTheLimit = await ParseAsync("{\"a\":{\"b\":{\"c\":1}}}", maxDepth: 3);
        Assert.Empty(atTheLimit.Images);
    }

    [Theory]
    [InlineData("""{"candidates":5}""")]
    [InlineData("""{"candidates":{"content":{}}}""")]
    [InlineData("""{"candidates":[5,"x",null,[],{"content":[]}]}""")]
    [InlineData("""{"candidates":[{"content":{"parts":"x"}}]}""")]
    [InlineData("""{"candidates":[{"content":{"parts":[1,{"inlineData":[]},{"inlineData":"QUFB"}]}}]}""")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"inlineData":{"data":5,"mimeType":7}}]}}]}""")]
    [InlineData("""{"candidates":[{"content":{"parts":[{"inlineData":{"data":null}},{"inlineData":{"data":{"x":"QUFB"}}},{"inlineData":{"data":[]}}]}}]}""")]
    [InlineData("""{"candidates":[{"finishReason":5,"content":{"parts":[{"text":7,"thought":"yes"}]}}],"usageMetadata":{"promptTokenCount":"12","candidatesTokensDetails":{"modality":"IMAGE"}}}""")]
    [InlineData("""{"usageMetadata":{"totalTokenCount":99999999999999,"candidatesTokensDetails":[1,{"modality":3,"tokenCount":"x"}]}}""")]
    public async Task WrongTypes_AreIgnoredNotCrashing(string json)
    {
        ParsedImageResponse result = await ParseAsync(json, chunkSize: 3);

        Assert.Empty(result.Images);
    }

    [Theory]
    [InlineData(1460)]
    [InlineData(65_536)]
    public async Task UnknownFields_IncludingAHugeString_AreSkipped(int chunkSize)
    {
        byte[] png = Png(1_000);
        string huge = new('x', 3_000_000);
        string json = $$$$"""
            {"sdkHttpResponse":{"headers":{"a":"b"}},"candidates":[{"citationMetadata":{"citations":[{"uri":"u"}]},
              "content":{"parts":[{"thoughtSignature":"{{{{huge}}}}","inlineData":{"mimeType":"image/png","data":"{{{{Base64(png)}}}}","videoMetadata":{}}}]}}],
             "future":[[[{"data":"not an image"}]]],"data":"QUFB"}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize);

        Assert.True(Assert.Single(result.Images).Data.Span.SequenceEqual(png));
    }

    [Fact]
    public async Task InvalidUtf8InAString_IsMalformed()
    {
        byte[] body = [.. "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a"u8, 0xC3, 0x28, .. "\"}]}}]}"u8];

        var ex = await Assert.ThrowsAsync<ResponseParseException>(() => ParseAsync(body));

        Assert.Equal(ResponseParseFailure.Malformed, ex.Failure);
    }

    [Fact]
    public async Task EscapedPropertyNamesAndStrings_AreUnderstood()
    {
        string json = """{"candid\u0061tes":[{"finishReason":"ST\u004FP","content":{"parts":[{"text":"a \"quoted\" banana \u00e9"}]}}]}""";

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 1);

        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal("a \"quoted\" banana é", result.Text.ToString());
    }

    [Fact]
    public async Task CancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ParseAsync("{}", cancellationToken: cts.Token));
    }

    [Fact]
    public async Task CancellationMidBody_ThrowsOperationCanceledUnwrapped()
    {
        byte[] body = Encoding.UTF8.GetBytes($$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"data":"{{{{Base64(Png(100_000))}}}}"}}]}}]}""");
        using var cts = new CancellationTokenSource();
        using var stream = new CancellingStream(body, 1000, cancelAfterReads: 5, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ImageResponseParser.ParseGenerateContentAsync(stream, new ImageParseLimits(DefaultMaxImageBytes), cts.Token).AsTask());
        Assert.InRange(stream.Position, 1, body.Length - 1);
    }

    [Fact]
    public async Task InvalidLimits_AreRejected()
    {
        using var stream = new MemoryStream();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ImageResponseParser.ParseGenerateContentAsync(stream, new ImageParseLimits(0), CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            ImageResponseParser.ParseGenerateContentAsync(stream, new ImageParseLimits(1, MaxDepth: 0), CancellationToken.None).AsTask());
    }

    /// <summary>Cancels its token after a number of reads, like a caller giving up mid-download.</summary>
    private sealed class CancellingStream(byte[] data, int chunkSize, int cancelAfterReads, CancellationTokenSource cts) : Stream
    {
        private readonly ChunkedStream _inner = new(data, chunkSize);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _inner.Position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_inner.ReadCount == cancelAfterReads)
            {
                await cts.CancelAsync();
            }

            return await _inner.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
