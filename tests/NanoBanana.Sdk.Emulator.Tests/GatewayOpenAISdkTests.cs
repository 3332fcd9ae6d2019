using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Images;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>The OpenAI .NET SDK, unchanged, pointed at the emulated gateways through <see cref="OpenAIClientOptions.Endpoint"/>.</summary>
public sealed class GatewayOpenAISdkTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly NanoBananaEmulator _emulator = fixture.Emulator;

    private OpenAIClientOptions Options(string provider = "laozhang", int retries = 0) => new()
    {
        Endpoint = new Uri(_emulator.GatewayAddress(provider), "v1"),
        RetryPolicy = new ClientRetryPolicy(retries),
    };

    private ImageClient Images(string model = "gemini-3-pro-image", string key = GatewayFixture.Key, int retries = 0) =>
        new(model, new ApiKeyCredential(key), Options(retries: retries));

    private ChatClient Chat(string provider, string model = "gemini-3-pro-image") => new(model, new ApiKeyCredential(GatewayFixture.Key), Options(provider));

    private static string? RequestId(ClientResult result) => result.GetRawResponse().Headers.TryGetValue("x-request-id", out var id) ? id : null;

    [Fact]
    public async Task Image_generation_returns_the_png_bytes_and_the_token_usage()
    {
        var result = await Images().GenerateImagesAsync("a banana in space", 2,
            new ImageGenerationOptions { Size = GeneratedImageSize.W1024xH1024, ResponseFormat = GeneratedImageFormat.Bytes });

        Assert.Equal(2, result.Value.Count);
        Assert.All(result.Value, image => Assert.Equal((1024, 1024), Png.Validate(image.ImageBytes.ToArray())));
        Assert.NotEqual(result.Value[0].ImageBytes.ToArray(), result.Value[1].ImageBytes.ToArray());
#pragma warning disable OPENAI001 // Usage is marked experimental in the SDK; the gateway's usage is what this test checks.
        var usage = result.Value.Usage;
#pragma warning restore OPENAI001
        Assert.NotNull(usage);
        Assert.True(usage.OutputTokenCount >= 2 * 1120);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
        Assert.Equal(5, usage.InputTokenDetails.TextTokenCount);
        Assert.True(result.Value.CreatedAt > DateTimeOffset.UnixEpoch);
        Assert.Equal(0.18m, Assert.Single(_emulator.Ledger.Entries, e => e.RequestId == RequestId(result)).Amount);
    }

    [Fact]
    public async Task Image_generation_as_a_url_downloads_from_the_emulator()
    {
        var result = await Images().GenerateImageAsync("a banana as a url", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Uri });

        Assert.Null(result.Value.ImageBytes);
        using var http = new HttpClient();
        Png.Validate(await http.GetByteArrayAsync(result.Value.ImageUri));
    }

    [Fact]
    public async Task Image_edit_sends_multipart_the_emulator_reads()
    {
        var input = (await Images().GenerateImageAsync("an input")).Value.ImageBytes.ToArray();

        using var stream = new MemoryStream(input);
        var result = await Images().GenerateImageEditAsync(stream, "input.png", "make it blue", new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes });

        var edited = result.Value.ImageBytes.ToArray();
        Png.Validate(edited);
        Assert.NotEqual(input, edited);
        var entry = Assert.Single(_emulator.Ledger.Entries, e => e.RequestId == RequestId(result));
        Assert.Equal(("v1/images/edits", GatewayCallOutcome.Success), (entry.Endpoint, entry.Outcome));
    }

    [Fact]
    public async Task Chat_completion_with_a_markdown_data_uri_is_plain_text_to_the_sdk()
    {
        ChatCompletion completion = await Chat("markdown").CompleteChatAsync([new UserChatMessage("a banana in space")]);

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("gemini-3-pro-image", completion.Model);
        var text = Assert.Single(completion.Content).Text;
        var start = text.IndexOf("(data:image/png;base64,", StringComparison.Ordinal) + 1;
        Png.Validate(GatewayHttp.DataUrl(text[start..^1]));
        Assert.True(completion.Usage.OutputTokenDetails.ReasoningTokenCount >= 120);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task Chat_completion_with_message_images_parses_and_keeps_the_images_in_the_raw_response()
    {
        var input = (await Images().GenerateImageAsync("an input")).Value.ImageBytes;
        var result = await Chat("laozhang").CompleteChatAsync(
            [new UserChatMessage(ChatMessageContentPart.CreateTextPart("make it blue"), ChatMessageContentPart.CreateImagePart(input, "image/png"))]);

        Assert.Contains("Here is your image", Assert.Single(result.Value.Content).Text, StringComparison.Ordinal);
        using var raw = JsonDocument.Parse(result.GetRawResponse().Content);
        var image = GatewayHttp.ChatImage(raw.RootElement);
        Png.Validate(image);
        Assert.NotEqual(input.ToArray(), image);
        Assert.Equal(258, raw.RootElement.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("image_tokens").GetInt32());
    }

    [Fact]
    public async Task Chat_completion_with_content_parts_exposes_the_image_part_to_the_sdk()
    {
        ChatCompletion completion = await Chat("parts").CompleteChatAsync([new UserChatMessage("a banana in space")]);

        Assert.Equal(2, completion.Content.Count);
        Assert.Equal(ChatMessageContentPartKind.Text, completion.Content[0].Kind);
        Assert.Equal(ChatMessageContentPartKind.Image, completion.Content[1].Kind);
        // The SDK decodes a data: URL into bytes and a media type rather than keeping it as a URI.
        Assert.Null(completion.Content[1].ImageUri);
        Assert.Equal("image/png", completion.Content[1].ImageBytesMediaType);
        Png.Validate(completion.Content[1].ImageBytes.ToArray());
    }

    [Fact]
    public async Task Errors_surface_as_client_result_exceptions_with_the_status_and_the_openai_code()
    {
        var badKey = await Assert.ThrowsAsync<ClientResultException>(() => Images(key: "sk-wrong").GenerateImageAsync("x"));
        _emulator.Faults.Enqueue(new FaultRule { Fault = Fault.GatewayError(429, "insufficient_quota", "insufficient_quota"), Match = FaultMatch.Path("/gateway/laozhang/") });
        var quota = await Assert.ThrowsAsync<ClientResultException>(() => Images().GenerateImageAsync("x"));

        Assert.Equal(401, badKey.Status);
        Assert.Contains("invalid_api_key", badKey.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong", badKey.Message, StringComparison.Ordinal);
        Assert.Equal(429, quota.Status);
        Assert.Contains("insufficient_quota", quota.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sdk_retries_a_503_and_the_ledger_bills_only_the_attempt_that_made_an_image()
    {
        var before = _emulator.Ledger.Entries.Count;
        _emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Status(503, retryAfter: "0"), Match = FaultMatch.Path("/gateway/laozhang/v1/images") });

        var result = await Images(retries: 1).GenerateImageAsync("retry me");

        Png.Validate(result.Value.ImageBytes.ToArray());
        var attempts = _emulator.Ledger.Entries.Skip(before).Where(e => e.Endpoint == "v1/images/generations").ToList();
        Assert.Equal([(503, false), (200, true)], attempts.Select(e => (e.Status, e.Billed)));
        Assert.Equal(0.09m, attempts.Sum(e => e.Amount));
    }

    [Fact]
    public async Task A_gateway_slower_than_the_sdk_network_timeout_is_a_billed_timeout()
    {
        var before = _emulator.Ledger.Entries.Count;
        _emulator.Faults.Enqueue(new FaultRule { Fault = Fault.Delay(TimeSpan.FromMinutes(5)), Match = FaultMatch.Path("/gateway/laozhang/v1/images") });
        var options = Options();
        options.NetworkTimeout = TimeSpan.FromMilliseconds(300);
        var client = new ImageClient("gemini-3-pro-image", new ApiKeyCredential(GatewayFixture.Key), options);

        var error = await Record.ExceptionAsync(() => client.GenerateImageAsync("too slow"));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (_emulator.Ledger.Entries.Count == before && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        var entry = _emulator.Ledger.Entries.Skip(before).Single(e => e.Endpoint == "v1/images/generations");
        Assert.Equal((0, GatewayCallOutcome.Timeout, true, 0.09m), (entry.Status, entry.Outcome, entry.Billed, entry.Amount));
    }

    [Fact]
    public async Task Streamed_chat_through_the_sdk_yields_the_markdown_image_and_the_usage()
    {
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Chat("markdown").CompleteChatStreamingAsync([new UserChatMessage("a banana in space")], new ChatCompletionOptions()))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        var content = text.ToString();
        var start = content.IndexOf("(data:image/png;base64,", StringComparison.Ordinal) + 1;
        Png.Validate(GatewayHttp.DataUrl(content[start..^1]));
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.True(usage.OutputTokenCount > 1120);
    }
}
