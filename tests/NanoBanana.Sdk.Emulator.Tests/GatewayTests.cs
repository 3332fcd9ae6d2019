using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class GatewayTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly NanoBananaEmulator _emulator = fixture.Emulator;
    private readonly HttpClient _http = fixture.Http;

    private Task<(HttpResponseMessage Response, JsonElement Json)> SendAsync(HttpRequestMessage request) => Client.SendAsync(_http, request);

    [Fact]
    public async Task Chat_completions_put_the_image_in_message_images_with_usage_that_matches_the_pricing_model()
    {
        var prompt = "a banana in space, photographed on film";
        var (response, json) = await SendAsync(GatewayHttp.Chat(_emulator, prompt: prompt));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", json.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(GatewayHttp.Pro, json.GetProperty("model").GetString());
        var choice = json.GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Contains("Here is your image", message.GetProperty("content").GetString(), StringComparison.Ordinal);
        var image = Assert.Single(message.GetProperty("images").EnumerateArray());
        Assert.Equal("image_url", image.GetProperty("type").GetString());
        Assert.Equal((1024, 1024), Png.Validate(GatewayHttp.DataUrl(image.GetProperty("image_url").GetProperty("url").GetString()!)));

        // Pro bills a 1K image as 1,120 output tokens; the thoughts count as completion (reasoning) tokens.
        var usage = json.GetProperty("usage");
        var reasoning = usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32();
        Assert.InRange(reasoning, 120, 299);
        Assert.Equal(1120, usage.GetProperty("completion_tokens_details").GetProperty("image_tokens").GetInt32());
        var promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
        Assert.Equal((prompt.Length + 3) / 4, promptTokens);
        var completion = usage.GetProperty("completion_tokens").GetInt32();
        var text = message.GetProperty("content").GetString()!;
        Assert.Equal(1120 + reasoning + (text.Length + 3) / 4, completion);
        Assert.Equal(promptTokens + completion, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0.09m, usage.GetProperty("cost").GetDecimal());
        Assert.Matches("^req_[0-9a-f]{32}$", GatewayHttp.RequestId(response));
    }

    [Fact]
    public async Task Chat_completions_can_answer_with_content_parts()
    {
        var (response, json) = await SendAsync(GatewayHttp.Chat(_emulator, provider: "parts"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = GatewayHttp.Message(json);
        Assert.False(message.TryGetProperty("images", out _));
        var parts = message.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text", "image_url"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal((1024, 1024), Png.Validate(GatewayHttp.DataUrl(parts[1].GetProperty("image_url").GetProperty("url").GetString()!)));
        Assert.False(json.GetProperty("usage").TryGetProperty("cost", out _));
    }

    [Fact]
    public async Task Chat_completions_can_answer_with_a_markdown_data_uri()
    {
        var (response, json) = await SendAsync(GatewayHttp.Chat(_emulator, provider: "markdown"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = GatewayHttp.Message(json).GetProperty("content").GetString()!;
        var match = Regex.Match(content, @"!\[image\]\((data:image/png;base64,[A-Za-z0-9+/=]+)\)$");
        Assert.True(match.Success, content[..Math.Min(200, content.Length)]);
        Assert.StartsWith("Here is your image", content, StringComparison.Ordinal);
        Assert.Equal((1024, 1024), Png.Validate(GatewayHttp.DataUrl(match.Groups[1].Value)));
    }

    [Fact]
    public async Task Chat_image_config_sets_size_and_ratio_and_bad_sizes_are_400_naming_the_param()
    {
        var config = new JsonObject { ["image_config"] = new JsonObject { ["image_size"] = "2K", ["aspect_ratio"] = "16:9" } };
        var (response, json) = await SendAsync(GatewayHttp.Chat(_emulator, extra: config));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2752, 1536), Png.Validate(GatewayHttp.ChatImage(json)));

        var lower = new JsonObject { ["image_config"] = new JsonObject { ["image_size"] = "2k" } };
        var (bad, error) = await SendAsync(GatewayHttp.Chat(_emulator, extra: lower));
        GatewayHttp.AssertError(bad, error, 400, "invalid_request_error", "invalid_value", "image_config.image_size");
        Assert.Contains("uppercase K", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_edits_derive_the_image_from_the_input_images_and_count_their_tokens()
    {
        var (_, first) = await SendAsync(GatewayHttp.Chat(_emulator, prompt: "a red apple"));
        var input = GatewayHttp.ChatImage(first);
        var (_, other) = await SendAsync(GatewayHttp.Chat(_emulator, prompt: "a green pear"));

        var (response, edited) = await SendAsync(GatewayHttp.Chat(_emulator, prompt: "make it blue", images: [input, GatewayHttp.ChatImage(other)]));
        var (_, again) = await SendAsync(GatewayHttp.Chat(_emulator, prompt: "make it blue", images: [input, GatewayHttp.ChatImage(other)]));
        var (_, plain) = await SendAsync(GatewayHttp.Chat(_emulator, prompt: "make it blue"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayHttp.ChatImage(edited), GatewayHttp.ChatImage(again));
        Assert.NotEqual(GatewayHttp.ChatImage(plain), GatewayHttp.ChatImage(edited));
        var usage = edited.GetProperty("usage");
        Assert.Equal(2 * 258, usage.GetProperty("prompt_tokens_details").GetProperty("image_tokens").GetInt32());
        Assert.Equal(2 * 258 + 3, usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Chat_rejects_image_urls_that_are_not_data_urls_and_text_only_modalities_answer_text()
    {
        var body = new JsonObject
        {
            ["model"] = GatewayHttp.Pro,
            ["messages"] = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = new JsonArray {
                new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "https://example.com/a.png" } } } } },
        };
        var (bad, error) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", "v1/chat/completions", GatewayHttp.Json(body)));
        GatewayHttp.AssertError(bad, error, 400, "invalid_request_error", "invalid_value", "messages[0].content[0].image_url.url");

        var (response, json) = await SendAsync(GatewayHttp.Chat(_emulator, extra: new JsonObject { ["modalities"] = new JsonArray("text") }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(GatewayHttp.Message(json).TryGetProperty("images", out _));
        Assert.Contains("description", GatewayHttp.Message(json).GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(GatewayCallOutcome.NoImage, GatewayHttp.Entry(_emulator, response).Outcome);
    }

    [Fact]
    public async Task Images_generations_answer_b64_json_and_map_openai_sizes_to_gemini_sizes()
    {
        var (response, json) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["size"] = "1024x1024" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.GetProperty("created").GetInt64() > 0);
        Assert.Equal((1024, 1024), Png.Validate(GatewayHttp.B64(json)));
        Assert.Equal("1024x1024", json.GetProperty("size").GetString());
        Assert.Equal("png", json.GetProperty("output_format").GetString());
        var usage = json.GetProperty("usage");
        Assert.Equal(1120, usage.GetProperty("output_tokens_details").GetProperty("image_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + usage.GetProperty("output_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0.09m, usage.GetProperty("cost").GetDecimal());

        var (_, wide) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["size"] = "1536x1024" }));
        Assert.Equal((1264, 848), Png.Validate(GatewayHttp.B64(wide)));
        var (_, gemini) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["size"] = "4K", ["aspect_ratio"] = "9:16" }));
        Assert.Equal((3072, 5504), Png.Validate(GatewayHttp.B64(gemini)));
        var (_, jpeg) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["output_format"] = "jpeg" }));
        Assert.Equal([0xFF, 0xD8], GatewayHttp.B64(jpeg)[..2]);
    }

    [Fact]
    public async Task Images_generations_make_n_distinct_images_billed_per_image()
    {
        var (response, json) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["n"] = 3 }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var images = Enumerable.Range(0, 3).Select(i => GatewayHttp.B64(json, i)).ToList();
        Assert.Equal(3, images.Select(Convert.ToBase64String).Distinct().Count());
        Assert.Equal(3 * 1120, json.GetProperty("usage").GetProperty("output_tokens_details").GetProperty("image_tokens").GetInt32());
        Assert.Equal(0.27m, json.GetProperty("usage").GetProperty("cost").GetDecimal());
        var entry = GatewayHttp.Entry(_emulator, response);
        Assert.Equal(3, entry.Images);
        Assert.Equal(0.27m, entry.Amount);
    }

    [Fact]
    public async Task Images_generations_can_answer_urls_served_by_the_emulator()
    {
        var (_, json) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["response_format"] = "url" }));

        var url = json.GetProperty("data")[0].GetProperty("url").GetString()!;
        Assert.False(json.GetProperty("data")[0].TryGetProperty("b64_json", out _));
        using var download = await _http.GetAsync(new Uri(url));
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal((1024, 1024), Png.Validate(await download.Content.ReadAsByteArrayAsync()));
    }

    [Theory]
    [InlineData("{\"model\":\"gemini-3-pro-image\"}", "prompt", "missing_required_parameter")]
    [InlineData("{\"model\":\"gemini-3-pro-image\",\"prompt\":\"x\",\"n\":11}", "n", "invalid_value")]
    [InlineData("{\"model\":\"gemini-3-pro-image\",\"prompt\":\"x\",\"size\":\"huge\"}", "size", "invalid_value")]
    [InlineData("{\"model\":\"gemini-3-pro-image\",\"prompt\":\"x\",\"image_size\":\"512\"}", "image_size", "invalid_value")]
    [InlineData("{\"model\":\"gemini-3-pro-image\",\"prompt\":\"x\",\"response_format\":\"png\"}", "response_format", "invalid_value")]
    public async Task Images_generations_reject_bad_parameters_naming_them(string body, string param, string code)
    {
        var (response, json) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", "v1/images/generations", new StringContent(body, System.Text.Encoding.UTF8, "application/json")));

        GatewayHttp.AssertError(response, json, 400, "invalid_request_error", code, param);
        Assert.Equal(GatewayCallOutcome.ClientError, GatewayHttp.Entry(_emulator, response).Outcome);
    }

    [Fact]
    public async Task Images_edits_take_several_multipart_images_and_derive_the_answer_from_them()
    {
        var (_, a) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["seed"] = 1 }));
        var (_, b) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["seed"] = 2 }));
        var (_, c) = await SendAsync(GatewayHttp.Generate(_emulator, extra: new JsonObject { ["seed"] = 3 }));
        byte[][] inputs = [GatewayHttp.B64(a), GatewayHttp.B64(b), GatewayHttp.B64(c)];

        var (response, edited) = await SendAsync(GatewayHttp.Edit(_emulator, "image[]", inputs));
        var (_, same) = await SendAsync(GatewayHttp.Edit(_emulator, "image[]", inputs));
        var (_, fewer) = await SendAsync(GatewayHttp.Edit(_emulator, "image[]", inputs[..2]));
        var (single, one) = await SendAsync(GatewayHttp.Edit(_emulator, "image", inputs[..1], fields: new Dictionary<string, string> { ["size"] = "1536x1024" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GatewayHttp.B64(edited), GatewayHttp.B64(same));
        Assert.NotEqual(GatewayHttp.B64(edited), GatewayHttp.B64(fewer));
        Assert.All(inputs, input => Assert.NotEqual(input, GatewayHttp.B64(edited)));
        Assert.Equal(3 * 258, edited.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("image_tokens").GetInt32());
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal((1264, 848), Png.Validate(GatewayHttp.B64(one)));
        Assert.Equal("v1/images/edits", GatewayHttp.Entry(_emulator, response).Endpoint);
    }

    [Fact]
    public async Task Images_edits_need_multipart_and_an_image()
    {
        var (noImage, noImageJson) = await SendAsync(GatewayHttp.Edit(_emulator, "image[]", []));
        GatewayHttp.AssertError(noImage, noImageJson, 400, "invalid_request_error", "missing_required_parameter", "image");

        var (json, jsonError) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", "v1/images/edits", GatewayHttp.Json(new JsonObject { ["model"] = GatewayHttp.Pro })));
        GatewayHttp.AssertError(json, jsonError, 400, "invalid_request_error", null);
        Assert.Contains("multipart/form-data", jsonError.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        var cut = new StringContent("--b\r\nContent-Disposition: form-data; name=\"image[]\"; filename=\"a.png\"\r\n\r\nno closing boundary");
        cut.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        var (broken, brokenJson) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", "v1/images/edits", cut));
        GatewayHttp.AssertError(broken, brokenJson, 400, "invalid_request_error", null);
    }

    [Fact]
    public async Task Bearer_auth_rejects_missing_and_unknown_keys_with_openai_401s_that_never_echo_the_key()
    {
        var (missing, missingJson) = await SendAsync(GatewayHttp.Chat(_emulator, key: null));
        var (wrong, wrongJson) = await SendAsync(GatewayHttp.Chat(_emulator, key: "sk-wrong-secret-value"));
        var googleStyle = GatewayHttp.Chat(_emulator, key: null);
        googleStyle.Headers.Add("x-goog-api-key", GatewayFixture.Key);
        var (google, googleJson) = await SendAsync(googleStyle);
        var (otherGateway, _) = await SendAsync(GatewayHttp.Chat(_emulator, provider: "parts", key: "sk-anything"));

        GatewayHttp.AssertError(missing, missingJson, 401, "invalid_request_error", null);
        Assert.Contains("Bearer", missingJson.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        GatewayHttp.AssertError(wrong, wrongJson, 401, "invalid_request_error", "invalid_api_key");
        Assert.DoesNotContain("secret", wrongJson.GetRawText(), StringComparison.Ordinal);
        GatewayHttp.AssertError(google, googleJson, 401, "invalid_request_error", null);
        Assert.Equal(HttpStatusCode.OK, otherGateway.StatusCode);
        Assert.Equal("***", _emulator.Journal.Entries.Last(e => e.Headers.ContainsKey("Authorization")).Headers["Authorization"]);
    }

    [Fact]
    public async Task Aliases_map_to_google_models_and_a_provider_may_answer_with_another_model_name()
    {
        var (aliased, aliasedJson) = await SendAsync(GatewayHttp.Chat(_emulator, model: "nano-banana-pro"));
        var (routed, routedJson) = await SendAsync(GatewayHttp.Chat(_emulator, model: "google/gemini-3-pro-image-preview"));
        var (unknown, unknownJson) = await SendAsync(GatewayHttp.Chat(_emulator, model: "dall-e-3"));
        var (noModel, noModelJson) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", "v1/images/generations", GatewayHttp.Json(new JsonObject { ["prompt"] = "x" })));

        Assert.Equal("gemini-3-pro-image-preview", aliasedJson.GetProperty("model").GetString());
        var entry = GatewayHttp.Entry(_emulator, aliased);
        Assert.Equal(("nano-banana-pro", "gemini-3-pro-image", "gemini-3-pro-image-preview"), (entry.RequestedModel, entry.ModelId, entry.ReturnedModel));
        Assert.Equal("google/gemini-3-pro-image-preview", routedJson.GetProperty("model").GetString());
        Assert.Equal("gemini-3-pro-image", GatewayHttp.Entry(_emulator, routed).ModelId);
        GatewayHttp.AssertError(unknown, unknownJson, 404, "invalid_request_error", "model_not_found");
        GatewayHttp.AssertError(noModel, noModelJson, 400, "invalid_request_error", null);
    }

    [Fact]
    public async Task The_first_gateway_also_answers_at_the_root_and_unknown_gateways_are_404()
    {
        var root = new HttpRequestMessage(HttpMethod.Post, "v1/images/generations")
        {
            Content = GatewayHttp.Json(new JsonObject { ["model"] = GatewayHttp.Pro, ["prompt"] = "root" }),
        };
        root.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFixture.Key);
        var (response, json) = await SendAsync(root);
        var (unknown, unknownJson) = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "gateway/nope/v1/chat/completions") { Content = GatewayHttp.Json(new JsonObject()) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Png.Validate(GatewayHttp.B64(json));
        Assert.Equal("laozhang", GatewayHttp.Entry(_emulator, response).Provider);
        GatewayHttp.AssertError(unknown, unknownJson, 404, "invalid_request_error", "not_found");
        Assert.Equal(new Uri(_emulator.BaseAddress, "gateway/laozhang/"), _emulator.GatewayAddress());
        Assert.Throws<ArgumentException>(() => _emulator.GatewayAddress("nope"));
    }

    [Fact]
    public async Task Gemini_pass_through_answers_google_json_with_bearer_auth_and_is_billed()
    {
        var path = "v1beta/models/nano-banana-pro:generateContent";
        var (response, json) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", path, GatewayHttp.Json(JsonNode.Parse(Client.GenerateBody("pass me through", size: "2K", ratio: "3:2"))!)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2528, 1696), Png.Validate(Client.FinalImage(json)));
        Assert.Equal("gemini-3-pro-image-preview", json.GetProperty("modelVersion").GetString());
        Assert.Equal(1120, json.GetProperty("usageMetadata").GetProperty("candidatesTokensDetails").EnumerateArray()
            .Single(d => d.GetProperty("modality").GetString() == "IMAGE").GetProperty("tokenCount").GetInt32());
        var entry = GatewayHttp.Entry(_emulator, response);
        Assert.Equal((GatewayCallOutcome.Success, 1, true, 0.09m, "gemini-3-pro-image-preview"), (entry.Outcome, entry.Images, entry.Billed, entry.Amount, entry.ReturnedModel));
        Assert.Equal(path, entry.Endpoint);

        var stream = GatewayHttp.Post(_emulator, "laozhang", "v1beta/models/gemini-3.1-flash-image:streamGenerateContent?alt=sse", GatewayHttp.Json(JsonNode.Parse(Client.GenerateBody())!));
        using var streamed = await _http.SendAsync(stream);
        Assert.Equal("text/event-stream", streamed.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"inlineData\"", await streamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0.055m, GatewayHttp.Entry(_emulator, streamed).Amount);

        var (unauthenticated, error) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", path, GatewayHttp.Json(JsonNode.Parse(Client.GenerateBody())!), key: "sk-wrong"));
        GatewayHttp.AssertError(unauthenticated, error, 401, "invalid_request_error", "invalid_api_key");
        var (unknown, notFound) = await SendAsync(GatewayHttp.Post(_emulator, "laozhang", "v1beta/models/dall-e-3:generateContent", GatewayHttp.Json(JsonNode.Parse(Client.GenerateBody())!)));
        Client.AssertError(unknown, notFound, 404, "NOT_FOUND");
    }

    [Theory]
    [InlineData("laozhang")]
    [InlineData("parts")]
    [InlineData("markdown")]
    public async Task Streamed_chat_sends_chunks_with_the_image_in_the_placement_then_usage_then_done(string provider)
    {
        var extra = new JsonObject { ["stream"] = true, ["stream_options"] = new JsonObject { ["include_usage"] = true } };
        using var response = await _http.SendAsync(GatewayHttp.Chat(_emulator, provider: provider, extra: extra));
        var events = (await response.Content.ReadAsStringAsync()).Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => Assert.Single(e.Split('\n'), l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..].TrimEnd('\r')).ToList();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        var deltas = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0]).ToList();
        Assert.Equal("assistant", deltas[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", deltas[^1].GetProperty("finish_reason").GetString());
        var imageDelta = deltas.Select(d => d.GetProperty("delta")).Single(d => d.GetRawText().Contains("data:image/png", StringComparison.Ordinal));
        var url = provider switch
        {
            "laozhang" => imageDelta.GetProperty("images")[0].GetProperty("image_url").GetProperty("url").GetString()!,
            "parts" => imageDelta.GetProperty("content")[0].GetProperty("image_url").GetProperty("url").GetString()!,
            _ => Regex.Match(imageDelta.GetProperty("content").GetString()!, @"\((data:[^)]+)\)").Groups[1].Value,
        };
        Assert.Equal((1024, 1024), Png.Validate(GatewayHttp.DataUrl(url)));
        var usage = chunks[^1];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(1120, usage.GetProperty("usage").GetProperty("completion_tokens_details").GetProperty("image_tokens").GetInt32());
        Assert.Equal(GatewayCallOutcome.Success, GatewayHttp.Entry(_emulator, response).Outcome);
    }
}
