using System.Net;
using System.Text.Json;

namespace NanoBanana.Sdk.Emulator.Tests;

public sealed class GenerateContentTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private readonly HttpClient _http = fixture.Http;

    [Theory]
    [InlineData("gemini-3.1-flash-image", "2K", "16:9", 2752, 1536)]
    [InlineData("gemini-3-pro-image", "4K", "1:1", 4096, 4096)]
    [InlineData("gemini-3-pro-image", "2K", "3:4", 1792, 2400)]
    [InlineData("gemini-3-pro-image", "1K", "21:9", 1584, 672)]
    [InlineData("gemini-3.1-flash-lite-image", "1K", "4:5", 928, 1152)]
    [InlineData("gemini-3.1-flash-image", "512", "21:9", 792, 168)]
    [InlineData("gemini-3.1-flash-image", "512", "2:3", 424, 632)]
    [InlineData("gemini-nano-banana-2.1", "2K", "16:9", 2752, 1536)]
    [InlineData("gemini-nano-banana-2.1", "4K", "8:1", 12288, 1536)]
    [InlineData("gemini-3.1-flash-image", "1K", "1:8", 384, 3072)]
    [InlineData("gemini-3.1-flash-image", "4K", "9:16", 3072, 5504)]
    [InlineData("gemini-2.5-flash-image", null, "9:16", 768, 1344)]
    [InlineData("gemini-2.5-flash-image", null, "3:2", 1248, 832)]
    public async Task Returns_a_decodable_png_at_the_real_pixel_size(string model, string? size, string ratio, int width, int height)
    {
        var (response, json) = await Client.GenerateAsync(_http, model, Client.GenerateBody(size: size, ratio: ratio));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((width, height), Png.Validate(Client.FinalImage(json)));
        Assert.Equal("image/png", Client.Parts(json).Last().GetProperty("inlineData").GetProperty("mimeType").GetString());
        Assert.Equal("STOP", json.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal("model", json.GetProperty("candidates")[0].GetProperty("content").GetProperty("role").GetString());
        Assert.Equal(model, json.GetProperty("modelVersion").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("responseId").GetString()));
    }

    [Fact]
    public async Task Defaults_to_1K_square_when_no_image_config()
    {
        var (_, json) = await Client.GenerateAsync(_http, "gemini-3.1-flash-image", Client.GenerateBody(size: null, ratio: null));

        Assert.Equal((1024, 1024), Png.Size(Client.FinalImage(json)));
    }

    [Fact]
    public async Task Gemini_3_answers_put_a_flagged_thought_image_before_the_real_one()
    {
        var (_, json) = await Client.GenerateAsync(_http, "gemini-3-pro-image", Client.GenerateBody(size: "2K", ratio: "16:9"));
        var parts = Client.Parts(json);

        var firstImage = parts.FindIndex(p => p.TryGetProperty("inlineData", out _));
        var lastImage = parts.FindLastIndex(p => p.TryGetProperty("inlineData", out _));
        Assert.True(firstImage < lastImage);
        Assert.True(parts[firstImage].GetProperty("thought").GetBoolean());
        var interim = Png.Validate(Convert.FromBase64String(parts[firstImage].GetProperty("inlineData").GetProperty("data").GetString()!));
        Assert.NotEqual((2752, 1536), interim);
        Assert.False(parts[lastImage].TryGetProperty("thought", out _));
        Assert.True(parts[lastImage].TryGetProperty("thoughtSignature", out _));
        Assert.True(json.GetProperty("usageMetadata").GetProperty("thoughtsTokenCount").GetInt32() > 0);
    }

    [Fact]
    public async Task Legacy_model_has_no_thoughts()
    {
        var (_, json) = await Client.GenerateAsync(_http, "gemini-2.5-flash-image", Client.GenerateBody(size: null));

        Assert.DoesNotContain(Client.Parts(json), p => p.TryGetProperty("thought", out _));
        Assert.False(json.GetProperty("usageMetadata").TryGetProperty("thoughtsTokenCount", out _));
    }

    [Theory]
    [InlineData("gemini-3-pro-image", "1K", 1120)]
    [InlineData("gemini-3-pro-image", "2K", 1120)]
    [InlineData("gemini-3-pro-image", "4K", 2000)]
    [InlineData("gemini-3.1-flash-image", "512", 747)]
    [InlineData("gemini-3.1-flash-image", "1K", 1120)]
    [InlineData("gemini-3.1-flash-image", "2K", 1680)]
    [InlineData("gemini-3.1-flash-image", "4K", 2520)]
    [InlineData("gemini-nano-banana-2.1", "4K", 3780)]
    [InlineData("gemini-3.1-flash-lite-image", "1K", 1120)]
    [InlineData("gemini-2.5-flash-image", null, 1290)]
    public async Task Usage_counts_image_tokens_per_model_and_size(string model, string? size, int imageTokens)
    {
        var (_, json) = await Client.GenerateAsync(_http, model, Client.GenerateBody(size: size));
        var usage = json.GetProperty("usageMetadata");

        var image = usage.GetProperty("candidatesTokensDetails").EnumerateArray().Single(d => d.GetProperty("modality").GetString() == "IMAGE");
        Assert.Equal(imageTokens, image.GetProperty("tokenCount").GetInt32());
        var prompt = usage.GetProperty("promptTokenCount").GetInt32();
        var candidates = usage.GetProperty("candidatesTokenCount").GetInt32();
        var thoughts = usage.TryGetProperty("thoughtsTokenCount", out var t) ? t.GetInt32() : 0;
        Assert.True(prompt > 0);
        Assert.True(candidates >= imageTokens);
        Assert.Equal(prompt + candidates + thoughts, usage.GetProperty("totalTokenCount").GetInt32());
        Assert.Equal("TEXT", usage.GetProperty("promptTokensDetails")[0].GetProperty("modality").GetString());
    }

    [Fact]
    public async Task Writes_raw_base64_and_a_content_length()
    {
        var response = await _http.SendAsync(Client.Post(Client.GeneratePath("gemini-3.1-flash-image"), Client.GenerateBody(size: "2K", ratio: "16:9")));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal("application/json", Client.ContentType(response)!.MediaType);
        var text = System.Text.Encoding.UTF8.GetString(body);
        Assert.DoesNotContain("\\u002B", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002F", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_prompt_and_seed_give_the_same_image_and_another_seed_another()
    {
        var model = "gemini-3.1-flash-image";
        var (_, a) = await Client.GenerateAsync(_http, model, Client.GenerateBody("a cat", seed: 7));
        var (_, b) = await Client.GenerateAsync(_http, model, Client.GenerateBody("a cat", seed: 7));
        var (_, c) = await Client.GenerateAsync(_http, model, Client.GenerateBody("a cat", seed: 8));
        var (_, d) = await Client.GenerateAsync(_http, model, Client.GenerateBody("a dog", seed: 7));

        Assert.Equal(Client.FinalImage(a), Client.FinalImage(b));
        Assert.NotEqual(Client.FinalImage(a), Client.FinalImage(c));
        Assert.NotEqual(Client.FinalImage(a), Client.FinalImage(d));
    }

    [Fact]
    public async Task Edits_derive_from_the_input_images_and_follow_the_requested_size()
    {
        var model = "gemini-3.1-flash-image";
        var (_, source) = await Client.GenerateAsync(_http, model, Client.GenerateBody("a cat", seed: 1));
        var sourceImage = Client.FinalImage(source);
        var (_, other) = await Client.GenerateAsync(_http, model, Client.GenerateBody("a dog", seed: 1));

        var (response, edit) = await Client.GenerateAsync(_http, model, Client.GenerateBody("make it blue", "2K", "16:9", seed: 1, images: sourceImage));
        var (_, editOfOther) = await Client.GenerateAsync(_http, model, Client.GenerateBody("make it blue", "2K", "16:9", seed: 1, images: Client.FinalImage(other)));
        var (_, plain) = await Client.GenerateAsync(_http, model, Client.GenerateBody("make it blue", "2K", "16:9", seed: 1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2752, 1536), Png.Validate(Client.FinalImage(edit)));
        Assert.NotEqual(Client.FinalImage(plain), Client.FinalImage(edit));
        Assert.NotEqual(Client.FinalImage(editOfOther), Client.FinalImage(edit));
        var imageTokens = edit.GetProperty("usageMetadata").GetProperty("promptTokensDetails").EnumerateArray()
            .Single(d => d.GetProperty("modality").GetString() == "IMAGE").GetProperty("tokenCount").GetInt32();
        Assert.Equal(258, imageTokens);
    }

    [Fact]
    public async Task Accepts_snake_case_names_and_ignores_unknown_fields()
    {
        var image = Client.FinalImage((await Client.GenerateAsync(_http, "gemini-3.1-flash-image", Client.GenerateBody())).Json);
        var body = $$"""
            {"contents":[{"role":"user","parts":[{"text":"edit"},{"inline_data":{"mime_type":"image/png","data":"{{Convert.ToBase64String(image)}}"}, "futureField": 1} ] } ],
             "generation_config":{"response_modalities":["IMAGE"],"image_config":{"aspect_ratio":"4:3","image_size":"2K"},"somethingNew":true},
             "service_tier":"flex", "safetySettings": [], "unknownTopLevel": {"x": [1,2]} }
            """;

        var (response, json) = await Client.GenerateAsync(_http, "gemini-3-pro-image", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((2400, 1792), Png.Size(Client.FinalImage(json)));
        Assert.DoesNotContain(Client.Parts(json), p => p.TryGetProperty("text", out _) && !p.TryGetProperty("thought", out _));
    }

    [Theory]
    [InlineData("gemini-3-pro-image", "standard")]
    [InlineData("gemini-3-pro-image", "flex")]
    [InlineData("gemini-2.5-flash-image", "priority")]
    [InlineData("gemini-2.5-flash-image", "flex")]
    public async Task Accepts_the_tiers_the_model_has_and_reports_the_serving_tier(string model, string tier)
    {
        var (response, json) = await Client.GenerateAsync(_http, model, Client.GenerateBody(size: null, tier: tier));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(tier, json.GetProperty("usageMetadata").GetProperty("serviceTier").GetString());
    }

    [Theory]
    [InlineData("gemini-3.1-flash-image", "flex")]
    [InlineData("gemini-3.1-flash-image", "priority")]
    [InlineData("gemini-3.1-flash-lite-image", "flex")]
    [InlineData("gemini-nano-banana-2.1", "priority")]
    [InlineData("gemini-3-pro-image", "priority")]
    public async Task Rejects_a_tier_the_model_has_no_lane_for(string model, string tier)
    {
        var (response, json) = await Client.GenerateAsync(_http, model, Client.GenerateBody(tier: tier));

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        Assert.Contains("service_tier", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standard_tier_is_reported_when_none_is_asked_for()
    {
        var (_, json) = await Client.GenerateAsync(_http, "gemini-nano-banana-2.1", Client.GenerateBody());

        Assert.Equal("standard", json.GetProperty("usageMetadata").GetProperty("serviceTier").GetString());
    }

    [Theory]
    [InlineData("gemini-3.1-flash-image-preview")]
    [InlineData("models/gemini-3-pro-image-preview")]
    [InlineData("nano-banana-pro-preview")]
    public async Task Shut_down_preview_ids_are_404_not_found(string model)
    {
        var (response, json) = await Client.GenerateAsync(_http, model, Client.GenerateBody());

        Client.AssertError(response, json, 404, "NOT_FOUND");
        Assert.Contains("is not found for API version v1beta", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_an_unknown_service_tier()
    {
        var (response, json) = await Client.GenerateAsync(_http, "gemini-3-pro-image", Client.GenerateBody(tier: "turbo"));

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        Assert.Contains("service_tier", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gemini-3-pro-image", "1k", null, "image_size")]
    [InlineData("gemini-3-pro-image", "3K", null, "image_size")]
    [InlineData("gemini-3-pro-image", "512", null, "image_size")]
    [InlineData("gemini-2.5-flash-image", "2K", null, "image_size")]
    [InlineData("gemini-2.5-flash-image", "1K", null, "image_size")]
    [InlineData("gemini-3.1-flash-lite-image", "4K", null, "image_size")]
    [InlineData("gemini-3.1-flash-lite-image", "2K", null, "image_size")]
    [InlineData("gemini-3.1-flash-lite-image", "512", null, "image_size")]
    [InlineData("gemini-nano-banana-2.1", "512", null, "image_size")]
    [InlineData("gemini-3.1-flash-image", "0.5K", null, "image_size")]
    [InlineData("gemini-3-pro-image", "1K", "8:1", "aspect_ratio")]
    [InlineData("gemini-3.1-flash-lite-image", "1K", "1:4", "aspect_ratio")]
    [InlineData("gemini-3.1-flash-image", "1K", "7:3", "aspect_ratio")]
    public async Task Rejects_sizes_and_ratios_the_model_does_not_support(string model, string size, string? ratio, string field)
    {
        var (response, json) = await Client.GenerateAsync(_http, model, Client.GenerateBody(size: size, ratio: ratio ?? "1:1"));

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        Assert.Contains(field, json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        var violation = Client.Detail(json, "BadRequest").GetProperty("fieldViolations")[0];
        Assert.EndsWith(field, violation.GetProperty("field").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_404_not_found()
    {
        var (response, json) = await Client.GenerateAsync(_http, "gemini-9-ultra-image", Client.GenerateBody());

        Client.AssertError(response, json, 404, "NOT_FOUND");
        Assert.Contains("models/gemini-9-ultra-image is not found", json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "contents")]
    [InlineData("""{"contents":[]}""", "contents")]
    [InlineData("""{"contents":[{"role":"user"}]}""", "parts")]
    [InlineData("""{"contents":[{"parts":[{"inlineData":{"mimeType":"image/png","data":"%%%"}}]}]}""", "data")]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"responseModalities":["PICTURE"]}}""", "response_modalities")]
    [InlineData("not json", "Invalid JSON payload")]
    public async Task Missing_or_invalid_fields_give_invalid_argument(string body, string mentioned)
    {
        var (response, json) = await Client.GenerateAsync(_http, "gemini-3.1-flash-image", body);

        Client.AssertError(response, json, 400, "INVALID_ARGUMENT");
        Assert.Contains(mentioned, json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_only_modality_answers_without_an_image()
    {
        var body = """{"contents":[{"parts":[{"text":"describe a banana"}]}],"generationConfig":{"responseModalities":["TEXT"]}}""";
        var (_, json) = await Client.GenerateAsync(_http, "gemini-3.1-flash-image", body);

        Assert.DoesNotContain(Client.Parts(json), p => p.TryGetProperty("inlineData", out _) && !p.TryGetProperty("thought", out _));
        Assert.Contains(Client.Parts(json), p => p.TryGetProperty("text", out _) && !p.TryGetProperty("thought", out _));
    }

    [Fact]
    public async Task Unknown_model_method_is_404()
    {
        var (response, json) = await Client.SendAsync(_http, Client.Post("v1beta/models/gemini-3-pro-image:fly", Client.GenerateBody()));

        Client.AssertError(response, json, 404, "NOT_FOUND");
    }
}
