using NanoBanana.Sdk.Wire;
using static NanoBanana.Sdk.Tests.Wire.ParserTestData;

namespace NanoBanana.Sdk.Tests.Wire;

/// <summary>
/// Interactions answers, shaped after the <c>Interaction</c>, <c>ModelOutputStep</c>, <c>ThoughtStep</c>,
/// <c>ImageContent</c>, <c>TextContent</c> and <c>Usage</c>/<c>ModalityTokens</c> types of @google/genai 3.1.0.
/// </summary>
public sealed class InteractionParserTests
{
    public static TheoryData<int> ChunkSizes => new() { 1, 3, 7, 4096 };

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task CompletedInteraction_YieldsModelOutputImagesAndTextAndSkipsThoughtSteps(int chunkSize)
    {
        byte[] thoughtImage = Png(2_000, seed: 40);
        byte[] image = Png(9_000, seed: 41);
        string json = $$$$"""
            {
              "id": "v1_abc123",
              "status": "completed",
              "model": "gemini-3-pro-image",
              "created": "2026-11-23T08:00:00Z",
              "updated": "2026-11-23T08:00:09Z",
              "steps": [
                { "type": "user_input", "content": [ { "type": "text", "text": "a banana in space" } ] },
                { "type": "thought", "signature": "c2ln", "summary": [
                    { "type": "text", "text": "Composing the scene" },
                    { "type": "image", "mime_type": "image/png", "data": "{{{{Base64(thoughtImage)}}}}" } ] },
                { "type": "model_output", "content": [
                    { "type": "text", "text": "Here it is." },
                    { "type": "image", "mime_type": "image/png", "data": "{{{{Base64(image)}}}}" } ] }
              ],
              "usage": {
                "total_input_tokens": 14, "total_output_tokens": 1130, "total_thought_tokens": 210, "total_tokens": 1354,
                "input_tokens_by_modality": [ { "modality": "text", "tokens": 14 } ],
                "output_tokens_by_modality": [ { "modality": "image", "tokens": 1120 }, { "modality": "text", "tokens": 10 } ]
              }
            }
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize, interactions: true);

        ParsedImage single = Assert.Single(result.Images);
        Assert.Equal("image/png", single.MimeType);
        Assert.True(single.Data.Span.SequenceEqual(image));
        Assert.Equal("Here it is.", result.Text.ToString());
        Assert.Equal("v1_abc123", result.ResponseId);
        Assert.Equal("completed", result.Status);
        Assert.Equal("gemini-3-pro-image", result.ModelVersion);
        Assert.Null(result.FinishReason);
        Assert.Equal(1, result.CandidateCount);
        Assert.Equal(1, result.SkippedThoughts);
        Assert.Equal(
            new TokenUsage { InputTokens = 14, OutputTokens = 1130, ThoughtTokens = 210, TotalTokens = 1354, OutputImageTokens = 1120, OutputTextTokens = 10 },
            result.Usage);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task TypeAfterContent_StillDecidesWhatIsKept(int chunkSize)
    {
        byte[] dropped = Jpeg(3_000, seed: 42);
        byte[] kept = Jpeg(4_000, seed: 43);
        byte[] audio = Png(500, seed: 44);
        string json = $$$$"""
            {"steps":[
              {"content":[{"data":"{{{{Base64(dropped)}}}}","mime_type":"image/jpeg","type":"image"}],"type":"thought"},
              {"content":[
                 {"data":"{{{{Base64(audio)}}}}","mime_type":"audio/wav","type":"audio"},
                 {"data":"{{{{Base64(kept)}}}}","type":"image","mime_type":"image/jpeg"},
                 {"text":"caption","type":"text"}],
               "type":"model_output"}],
             "status":"completed","id":"i-2"}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize, interactions: true);

        ParsedImage single = Assert.Single(result.Images);
        Assert.Equal("image/jpeg", single.MimeType);
        Assert.True(single.Data.Span.SequenceEqual(kept));
        Assert.Equal("caption", result.Text.ToString());
        Assert.Equal(1, result.SkippedThoughts);
    }

    [Fact]
    public async Task SeveralModelOutputSteps_KeepEveryImageInOrder()
    {
        byte[] first = Png(1_500, seed: 45);
        byte[] second = Png(2_500, seed: 46);
        string json = $$$$"""
            {"id":"i-3","status":"completed","steps":[
              {"type":"model_output","content":[{"type":"image","mime_type":"image/png","data":"{{{{EscapedBase64(first)}}}}"}]},
              {"type":"model_output","content":[{"type":"image","mimeType":"image/png","data":"{{{{Base64(second)}}}}"}]}]}
            """;

        ParsedImageResponse result = await ParseAsync(json, chunkSize: 7, knownLength: false, interactions: true);

        Assert.Collection(
            result.Images,
            i => Assert.True(i.Data.Span.SequenceEqual(first)),
            i => Assert.True(i.Data.Span.SequenceEqual(second)));
        Assert.Equal(1, result.CandidateCount);
    }

    [Fact]
    public async Task InProgressInteraction_HasStatusAndNoOutput()
    {
        ParsedImageResponse result = await ParseAsync("""{"id":"i-4","status":"in_progress","model":"gemini-3-pro-image"}""", interactions: true);

        Assert.Empty(result.Images);
        Assert.Equal("in_progress", result.Status);
        Assert.Equal(0, result.CandidateCount);
        Assert.Null(result.Usage);
    }

    [Fact]
    public async Task FailedInteraction_KeepsTheFirstErrorCodeAndMessage()
    {
        const string Json = """
            {"id":"i-5","status":"failed","errors":[{"code":"IMAGE_SAFETY","message":"blocked by the image filter"},{"code":"OTHER","message":"second"}],
             "steps":[{"type":"model_output","content":[{"type":"text","text":"I can't draw that."}]}]}
            """;

        ParsedImageResponse result = await ParseAsync(Json, interactions: true);

        Assert.Empty(result.Images);
        Assert.Equal("failed", result.Status);
        Assert.Equal("IMAGE_SAFETY", result.ErrorCode);
        Assert.Equal("blocked by the image filter", result.ErrorMessage);
        Assert.Equal("I can't draw that.", result.Text.ToString());
        Assert.Equal(1, result.CandidateCount);
    }

    [Fact]
    public async Task ErrorsWithANumericCodeOrWrongShape_AreIgnored()
    {
        ParsedImageResponse numeric = await ParseAsync("""{"status":"failed","errors":[{"code":13,"message":"internal"}]}""", interactions: true);
        ParsedImageResponse wrong = await ParseAsync("""{"status":"failed","errors":{"code":"X"}}""", interactions: true);

        Assert.Null(numeric.ErrorCode);
        Assert.Equal("internal", numeric.ErrorMessage);
        Assert.Null(wrong.ErrorCode);
    }

    [Fact]
    public async Task GenerateContentFieldsInAnInteraction_AreNotMistakenForIt()
    {
        byte[] png = Png(100);
        string json = $$$$"""{"candidates":[{"content":{"parts":[{"inlineData":{"data":"{{{{Base64(png)}}}}"}}]}}],"responseId":"x"}""";

        ParsedImageResponse result = await ParseAsync(json, interactions: true);

        Assert.Empty(result.Images);
        Assert.Null(result.ResponseId);
    }

    [Theory]
    [InlineData("""{"steps":{"type":"model_output"}}""")]
    [InlineData("""{"steps":[1,"x",[],{"type":5,"content":"x"},{"type":"model_output","content":{"type":"image"}}]}""")]
    [InlineData("""{"steps":[{"type":"model_output","content":[{"type":"image","data":7},{"type":"image","data":null},{"type":["image"],"data":"QUFB"}]}]}""")]
    [InlineData("""{"usage":{"output_tokens_by_modality":"image","total_tokens":"12"}}""")]
    public async Task WrongTypes_AreIgnored(string json)
    {
        ParsedImageResponse result = await ParseAsync(json, chunkSize: 3, interactions: true);

        Assert.Empty(result.Images);
    }

    [Fact]
    public async Task ImageOverTheLimit_IsTooLarge()
    {
        string json = $$$$"""{"steps":[{"type":"model_output","content":[{"type":"image","data":"{{{{Base64(Png(5_000))}}}}"}]}]}""";

        Assert.Equal(ResponseParseFailure.ImageTooLarge, await FailureAsync(json, maxImageBytes: 4_000, interactions: true));
    }

    [Fact]
    public async Task TruncatedInteraction_IsTruncated()
    {
        string json = $$$$"""{"steps":[{"type":"model_output","content":[{"type":"image","data":"{{{{Base64(Png(5_000))}}}}"}]}]}""";

        Assert.Equal(ResponseParseFailure.Truncated, await FailureAsync(json[..(json.Length / 2)], interactions: true));
    }
}
