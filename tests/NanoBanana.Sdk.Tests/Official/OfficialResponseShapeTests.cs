using NanoBanana.Sdk.Errors;
using NanoBanana.Sdk.Pricing;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>Every answer shape the client must read, end to end through the client: spellings, formats, thoughts, candidates, gaps.</summary>
public sealed class OfficialResponseShapeTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x02, 0x03];

    [Fact]
    public async Task GenerateContent_SnakeCase_ReadsLikeCamelCase()
    {
        var image = Png(640, 480);
        var answer = $$"""
            { "candidates": [ { "content": { "parts": [ { "text": "snake" },
                  { "inline_data": { "mime_type": "image/png", "data": "{{Convert.ToBase64String(image)}}" } } ] }, "finish_reason": "STOP" } ],
              "usage_metadata": { "prompt_token_count": 5, "candidates_token_count": 1295, "total_token_count": 1300,
                "candidates_tokens_details": [ { "modality": "IMAGE", "token_count": 1290 } ] },
              "model_version": "gemini-3.1-flash-image", "response_id": "resp-snake" }
            """;

        var result = await SendAsync(OfficialTransport.GenerateContent, answer);

        Assert.Equal(image, result.Image.Data.ToArray());
        Assert.Equal("snake", result.Text);
        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal(1290, result.Usage!.OutputImageTokens);
        Assert.Equal(5, result.Usage.InputTokens);
        Assert.Equal("gemini-3.1-flash-image", result.ReturnedModel);
        Assert.Equal("resp-snake", result.ResponseId);
    }

    [Theory]
    [InlineData(OfficialTransport.GenerateContent)]
    [InlineData(OfficialTransport.Interactions)]
    public async Task JpegAnswer_KeepsItsMimeType_AndPngAnswerWithoutMimeTypeIsSniffed(OfficialTransport transport)
    {
        var png = Png(32, 16);
        var answer = transport == OfficialTransport.GenerateContent
            ? $$"""
                { "candidates": [ { "content": { "parts": [
                    { "inlineData": { "mimeType": "image/jpeg", "data": "{{Convert.ToBase64String(Jpeg)}}" } },
                    { "inlineData": { "data": "{{Convert.ToBase64String(png)}}" } } ] }, "finishReason": "STOP" } ] }
                """
            : $$"""
                { "id": "v1_j", "status": "completed", "steps": [ { "type": "model_output", "content": [
                    { "type": "image", "mime_type": "image/jpeg", "data": "{{Convert.ToBase64String(Jpeg)}}" },
                    { "type": "image", "data": "{{Convert.ToBase64String(png)}}" } ] } ] }
                """;

        var result = await SendAsync(transport, answer);

        Assert.Equal(2, result.Images.Count);
        Assert.Equal("image/jpeg", result.Images[0].MimeType);
        Assert.Equal(".jpg", result.Images[0].FileExtension);
        Assert.Equal(Jpeg, result.Images[0].Data.ToArray());
        Assert.Equal("image/png", result.Images[1].MimeType);
        Assert.Equal((32, 16), result.Images[1].TryGetDimensions());
    }

    [Fact]
    public async Task GenerateContent_ThoughtPartsAreSkipped_EvenWhenTheFlagComesLast()
    {
        var thought = Png(256, 256);
        var final = Png(1024, 1024);
        var answer = $$"""
            { "candidates": [ { "content": { "parts": [
                { "text": "planning the scene", "thought": true },
                { "inlineData": { "mimeType": "image/png", "data": "{{Convert.ToBase64String(thought)}}" }, "thought": true },
                { "text": "Done." },
                { "inlineData": { "mimeType": "image/png", "data": "{{Convert.ToBase64String(final)}}" }, "thoughtSignature": "c2ln" } ] },
              "finishReason": "STOP" } ],
              "usageMetadata": { "promptTokenCount": 4, "candidatesTokenCount": 1290, "thoughtsTokenCount": 200, "totalTokenCount": 1494 } }
            """;

        var result = await SendAsync(OfficialTransport.GenerateContent, answer);

        Assert.Equal(final, Assert.Single(result.Images).Data.ToArray());
        Assert.Equal("Done.", result.Text);
        Assert.Equal(200, result.Usage!.ThoughtTokens);
    }

    [Fact]
    public async Task Interactions_ThoughtStepsAreSkipped()
    {
        var thought = Png(256, 256);
        var final = Png(1024, 1024);
        var answer = $$"""
            { "id": "v1_t", "status": "completed", "model": "gemini-3.1-flash-image", "steps": [
                { "type": "thought", "signature": "c2ln", "summary": [ { "type": "text", "text": "planning" },
                    { "type": "image", "mime_type": "image/png", "data": "{{Convert.ToBase64String(thought)}}" } ] },
                { "type": "model_output", "content": [ { "type": "image", "mime_type": "image/png", "data": "{{Convert.ToBase64String(final)}}" } ] } ] }
            """;

        var result = await SendAsync(OfficialTransport.Interactions, answer);

        Assert.Equal(final, Assert.Single(result.Images).Data.ToArray());
        Assert.Null(result.Text);
    }

    [Fact]
    public async Task MultipleCandidates_KeepEveryImageInOrder_AndTheFirstFinishReason()
    {
        var first = Png(10, 10);
        var second = Png(20, 20);
        var answer = $$"""
            { "candidates": [
                { "content": { "parts": [ { "inlineData": { "mimeType": "image/png", "data": "{{Convert.ToBase64String(first)}}" } } ] }, "finishReason": "STOP", "index": 0 },
                { "content": { "parts": [ { "inlineData": { "mimeType": "image/png", "data": "{{Convert.ToBase64String(second)}}" } } ] }, "finishReason": "MAX_TOKENS", "index": 1 } ] }
            """;

        var result = await SendAsync(OfficialTransport.GenerateContent, answer);

        Assert.Equal([(10, 10), (20, 20)], result.Images.Select(i => i.TryGetDimensions()!.Value));
        Assert.Equal("STOP", result.FinishReason);
        Assert.Equal(2, result.Cost.ImageCount);
    }

    [Theory]
    [InlineData(OfficialTransport.GenerateContent)]
    [InlineData(OfficialTransport.Interactions)]
    public async Task MissingOptionalFields_AreNull_AndTheImageIsPricedPerImage(OfficialTransport transport)
    {
        var image = Png(8, 8);
        var answer = transport == OfficialTransport.GenerateContent
            ? $$"""{ "candidates": [ { "content": { "parts": [ { "inlineData": { "data": "{{Convert.ToBase64String(image)}}" } } ] } } ] }"""
            : $$"""{ "steps": [ { "type": "model_output", "content": [ { "type": "image", "data": "{{Convert.ToBase64String(image)}}" } ] } ] }""";

        var result = await SendAsync(transport, answer, new ImageRequest("p") { Model = ImageModel.ProImageId });

        Assert.Equal(image, result.Image.Data.ToArray());
        Assert.Null(result.Text);
        Assert.Null(result.ReturnedModel);
        Assert.Null(result.ResponseId);
        Assert.Null(result.FinishReason);
        Assert.Null(result.Usage);
        Assert.Null(result.RequestId);
        Assert.Equal(PriceUnit.PerImage, result.Cost.PriceUnit);
        Assert.Equal(0.1344m, result.Cost.EstimatedCostUsd);
    }

    [Fact]
    public async Task InteractionSafetyFailure_IsASafetyFinish_WithTheErrorCodeAndUsage()
    {
        const string Answer = """
            { "id": "v1_s", "status": "failed", "errors": [ { "code": "IMAGE_SAFETY", "message": "The image was filtered." } ],
              "steps": [ { "type": "model_output", "content": [] } ],
              "usage": { "total_input_tokens": 9, "total_output_tokens": 4, "total_tokens": 13 } }
            """;

        var error = await Assert.ThrowsAsync<NoImageException>(() => SendAsync(OfficialTransport.Interactions, Answer));

        Assert.Equal(NoImageReason.SafetyFinish, error.Reason);
        Assert.Equal("IMAGE_SAFETY", error.FinishReason);
        Assert.Equal(FinishKind.Safety, error.FinishKind);
        Assert.Null(error.Text);
        Assert.Equal("The image was filtered.", error.FinishMessage);
        Assert.Equal("v1_s", error.ResponseId);
        Assert.Equal("v1_s", error.Packet.ResponseId);
        Assert.Equal(4, error.Usage!.OutputTokens);
        Assert.True(error.Billed);
    }

    [Fact]
    public async Task InteractionFailedBeforeAnyOutput_OnASafetyCode_IsAPromptBlock()
    {
        const string Answer = """{ "id": "v1_b", "status": "failed", "errors": [ { "code": "PROHIBITED_CONTENT" } ], "usage": { "total_input_tokens": 9, "total_tokens": 9 } }""";

        var error = await Assert.ThrowsAsync<NoImageException>(() => SendAsync(OfficialTransport.Interactions, Answer));

        Assert.Equal(NoImageReason.PromptBlocked, error.Reason);
        Assert.Equal(FinishKind.PromptBlocked, error.FinishKind);
        Assert.Equal("PROHIBITED_CONTENT", error.BlockReason);
        Assert.False(error.Billed);
    }

    [Fact]
    public async Task OtherFinishReason_IsOtherFinish_NotTextOnly()
    {
        const string Answer = """{ "candidates": [ { "content": { "parts": [ { "text": "partial" } ] }, "finishReason": "MAX_TOKENS" } ] }""";

        var error = await Assert.ThrowsAsync<NoImageException>(() => SendAsync(OfficialTransport.GenerateContent, Answer));

        Assert.Equal(NoImageReason.OtherFinish, error.Reason);
        Assert.Equal("MAX_TOKENS", error.FinishReason);
        Assert.Equal("partial", error.Text);
    }

    private static async Task<ImageGenerationResult> SendAsync(OfficialTransport transport, string answer, ImageRequest? request = null)
    {
        using var handler = new MockHttpMessageHandler();
        handler.When("*").Respond(_ => Json(answer));
        return await Client(handler, transport).GenerateAsync(request ?? new ImageRequest("p"));
    }
}
