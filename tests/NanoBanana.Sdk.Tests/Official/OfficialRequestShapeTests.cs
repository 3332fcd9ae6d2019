using System.Text.RegularExpressions;
using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>
/// The exact request each transport sends, field for field, as the @google/genai 3.1.0 package writes it
/// (CreateModelInteraction for Interactions, generateContentParametersToMldev for generateContent).
/// </summary>
public sealed class OfficialRequestShapeTests
{
    private static readonly ImageInput First = ImageInput.FromBytes(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, "image/png");
    private static readonly ImageInput Second = ImageInput.FromBytes(new byte[] { 0xFF, 0xD8, 0xFF }, "IMAGE/JPEG");
    private static readonly Dictionary<string, string> Labels = new() { ["team"] = "catalog", ["run"] = "nov-23" };

    [Fact]
    public async Task Interactions_Generate_SendsModelTextInputAndImageResponseFormatOnly()
    {
        var (body, uri) = await SendAsync(OfficialTransport.Interactions, new ImageRequest("a banana in space"));

        Assert.Equal(InteractionsUrl, uri.AbsoluteUri);
        Assert.Equal(
            """{"model":"gemini-nano-banana-2.1","input":[{"type":"text","text":"a banana in space"}],"response_format":{"type":"image"}}""",
            body);
    }

    [Fact]
    public async Task Interactions_EveryOption_GoesWhereThePackagePutsIt()
    {
        var request = new ImageRequest("hero shot")
        {
            Model = ImageModel.ProImageId,
            Size = ImageSize.FourK,
            AspectRatio = AspectRatio.Landscape16x9,
            Google = new GoogleImageOptions { ServiceTier = ServiceTier.Flex, Labels = Labels, UseGoogleSearch = true },
        };

        var (body, _) = await SendAsync(OfficialTransport.Interactions, request);

        Assert.Equal(
            """{"model":"gemini-3-pro-image","input":[{"type":"text","text":"hero shot"}],"response_format":{"type":"image","aspect_ratio":"16:9","image_size":"4K"},"service_tier":"flex","tools":[{"type":"google_search"}],"labels":{"team":"catalog","run":"nov-23"}}""",
            body);
    }

    [Fact]
    public async Task Interactions_EditWithTwoImages_SendsImageBlocksAfterTheText()
    {
        var request = new ImageRequest("put the cat on the sofa") { InputImages = [First, Second] };

        var (body, _) = await SendAsync(OfficialTransport.Interactions, request);

        Assert.Equal(
            """{"model":"gemini-nano-banana-2.1","input":[{"type":"text","text":"put the cat on the sofa"},{"type":"image","data":"iVBORw0KGgo=","mime_type":"image/png"},{"type":"image","data":"/9j/","mime_type":"image/jpeg"}],"response_format":{"type":"image"}}""",
            body);
    }

    [Fact]
    public async Task Interactions_MultiTurnEdit_SendsPreviousInteractionId()
    {
        var request = new ImageRequest("now make it blue") { AspectRatio = AspectRatio.Square, Google = new GoogleImageOptions { PreviousInteractionId = "v1_interaction_1" } };

        var (body, _) = await SendAsync(OfficialTransport.Interactions, request);

        Assert.Equal(
            """{"model":"gemini-nano-banana-2.1","input":[{"type":"text","text":"now make it blue"}],"response_format":{"type":"image","aspect_ratio":"1:1"},"previous_interaction_id":"v1_interaction_1"}""",
            body);
        Assert.Equal(ImageOperation.Edit, request.Operation);
    }

    [Fact]
    public async Task GenerateContent_Generate_SendsUserContentAndTextImageModalities()
    {
        var (body, uri) = await SendAsync(OfficialTransport.GenerateContent, new ImageRequest("a banana in space"));

        Assert.Equal(GenerateContentUrl("gemini-nano-banana-2.1"), uri.AbsoluteUri);
        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"a banana in space"}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"]}}""",
            body);
    }

    [Fact]
    public async Task GenerateContent_EveryOption_GoesWhereTheConverterPutsIt()
    {
        var request = new ImageRequest("hero shot")
        {
            Model = ImageModel.ProImageId,
            Size = ImageSize.FourK,
            AspectRatio = AspectRatio.Landscape16x9,
            Google = new GoogleImageOptions { ServiceTier = ServiceTier.Flex, Labels = Labels, UseGoogleSearch = true },
        };

        var (body, uri) = await SendAsync(OfficialTransport.GenerateContent, request);

        Assert.Equal(GenerateContentUrl("gemini-3-pro-image"), uri.AbsoluteUri);
        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"hero shot"}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"],"imageConfig":{"aspectRatio":"16:9","imageSize":"4K"}},"serviceTier":"flex","tools":[{"googleSearch":{}}],"labels":{"team":"catalog","run":"nov-23"}}""",
            body);
    }

    [Fact]
    public async Task GenerateContent_EditWithTwoImages_SendsInlineDataParts()
    {
        var request = new ImageRequest("put the cat on the sofa") { InputImages = [First, Second] };

        var (body, _) = await SendAsync(OfficialTransport.GenerateContent, request);

        Assert.Equal(
            """{"contents":[{"role":"user","parts":[{"text":"put the cat on the sofa"},{"inlineData":{"mimeType":"image/png","data":"iVBORw0KGgo="}},{"inlineData":{"mimeType":"image/jpeg","data":"/9j/"}}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"]}}""",
            body);
    }

    [Theory]
    [InlineData("512", "1:8")]
    [InlineData("1K", "4:1")]
    [InlineData("2K", "9:16")]
    [InlineData("4K", "21:9")]
    public async Task SizesAndRatios_AreSentExactlyAsSpelled_OnBothTransports(string size, string ratio)
    {
        var request = new ImageRequest("p") { Model = ImageModel.FlashImageId, Size = ImageSize.Parse(size), AspectRatio = AspectRatio.Parse(ratio) };

        var (interaction, _) = await SendAsync(OfficialTransport.Interactions, request);
        var (generateContent, _) = await SendAsync(OfficialTransport.GenerateContent, request);

        Assert.Contains($$"""
            "response_format":{"type":"image","aspect_ratio":"{{ratio}}","image_size":"{{size}}"}
            """, interaction, StringComparison.Ordinal);
        Assert.Contains($$"""
            "imageConfig":{"aspectRatio":"{{ratio}}","imageSize":"{{size}}"}
            """, generateContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandardTier_IsLeftOut_AndFlexIsSentLowercase()
    {
        var (standard, _) = await SendAsync(OfficialTransport.Interactions, new ImageRequest("p") { Google = new GoogleImageOptions { ServiceTier = ServiceTier.Standard } });
        var (flex, _) = await SendAsync(OfficialTransport.Interactions, new ImageRequest("p") { Model = ImageModel.ProImageId, Google = new GoogleImageOptions { ServiceTier = ServiceTier.Parse("FLEX") } });

        Assert.DoesNotContain("service_tier", standard, StringComparison.Ordinal);
        Assert.Contains("\"service_tier\":\"flex\"", flex, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AliasModel_IsSentAsGiven_WithoutTheModelsPrefix()
    {
        // The preview id was shut down on 2026-06-25; a catalog that lifts the shutdown (e.g. for a proxy) sends it as given.
        var request = new ImageRequest("p") { Model = "models/gemini-3-pro-image-preview" };
        void Lifted(OfficialImageClientOptions o) => o.ModelCatalog = ModelCatalog.Default.WithRetiredAlias("gemini-3-pro-image-preview", ImageModel.ProImageId, new ModelLifecycle());

        var (interaction, _) = await SendAsync(OfficialTransport.Interactions, request, Lifted);
        var (_, uri) = await SendAsync(OfficialTransport.GenerateContent, request, Lifted);

        Assert.StartsWith("""{"model":"gemini-3-pro-image-preview",""", interaction, StringComparison.Ordinal);
        Assert.Equal(GenerateContentUrl("gemini-3-pro-image-preview"), uri.AbsoluteUri);
    }

    [Fact]
    public async Task BaseUrlWithPath_KeepsThePrefix()
    {
        var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        handler.When("*").Respond(captured.Respond(() => Json(InteractionAnswer(Png(8, 8)))));
        var client = Client(handler, configure: o => o.BaseUrl = new Uri("https://proxy.example.com/gemini"));

        await client.GenerateAsync("p");

        Assert.Equal("https://proxy.example.com/gemini/v1beta/interactions", captured.Uri!.AbsoluteUri);
    }

    [Theory]
    [InlineData(OfficialTransport.Interactions)]
    [InlineData(OfficialTransport.GenerateContent)]
    public async Task Headers_CarryTheKeyOnlyInXGoogApiKey_AndIdentifyTheSdk(OfficialTransport transport)
    {
        var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        handler.When("*").Respond(captured.Respond(() => Json(transport == OfficialTransport.Interactions ? InteractionAnswer(Png(8, 8)) : GenerateContentAnswer(Png(8, 8)))));

        await Client(handler, transport).GenerateAsync("p");

        Assert.Equal(Key, captured.Headers["x-goog-api-key"]);
        Assert.DoesNotContain(Key, captured.Uri!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("key=", captured.Uri.Query, StringComparison.OrdinalIgnoreCase);
        Assert.False(captured.Headers.ContainsKey("Authorization"));
        Assert.Matches(new Regex(@"^NanoBanana\.Sdk/\d+\.\d+\.\d+\S* \(\.NET \d+\.\d+\.\d+\)$"), captured.Headers["User-Agent"]);
        Assert.Matches(new Regex(@"^nanobanana-sdk/\d+\.\d+\.\d+\S* gl-dotnet/\d+\.\d+\.\d+$"), captured.Headers["x-goog-api-client"]);
        Assert.StartsWith("application/json", captured.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(1, captured.Count);
    }

    private static async Task<(string Body, Uri Uri)> SendAsync(OfficialTransport transport, ImageRequest request, Action<OfficialImageClientOptions>? configure = null)
    {
        var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        var answer = transport == OfficialTransport.Interactions ? InteractionAnswer(Png(16, 16)) : GenerateContentAnswer(Png(16, 16));
        handler.When(HttpMethod.Post, "*").Respond(captured.Respond(() => Json(answer)));

        await Client(handler, transport, configure).GenerateAsync(request);

        Assert.Equal(1, captured.Count);
        return (captured.Body, captured.Uri!);
    }
}
