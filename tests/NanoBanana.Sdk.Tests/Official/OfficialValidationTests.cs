using RichardSzalay.MockHttp;
using static NanoBanana.Sdk.Tests.Official.OfficialTestKit;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>Bad input and bad configuration fail with an ArgumentException before any request is sent.</summary>
public sealed class OfficialValidationTests
{
    public static TheoryData<string, ImageRequest> InvalidRequests => new()
    {
        { "Prompt", new ImageRequest("  ") },
        { "4K", new ImageRequest("p") { Model = ImageModel.FlashLiteImageId, Size = ImageSize.FourK } },
        { "512", new ImageRequest("p") { Model = ImageModel.ProImageId, Size = ImageSize.Size512 } },
        { "1:8", new ImageRequest("p") { Model = ImageModel.ProImageId, AspectRatio = AspectRatio.Portrait1x8 } },
        { "2K", new ImageRequest("p") { Model = ImageModel.LegacyFlashImageId, Size = ImageSize.TwoK } },
        { "takes no image size parameter", new ImageRequest("p") { Model = ImageModel.LegacyFlashImageId, Size = ImageSize.OneK } },
        { "'2K'", new ImageRequest("p") { Model = ImageModel.FlashLiteImageId, Size = ImageSize.TwoK } },
        { "no Google Flex lane", new ImageRequest("p") { Model = ImageModel.FlashImageId, Google = new GoogleImageOptions { ServiceTier = ServiceTier.Flex } } },
        { "no Google Priority lane", new ImageRequest("p") { Model = ImageModel.ProImageId, Google = new GoogleImageOptions { ServiceTier = ServiceTier.Priority } } },
        { "use 'gemini-3-pro-image' instead", new ImageRequest("p") { Model = "gemini-3-pro-image-preview" } },
        { "use 'gemini-3.1-flash-image' instead", new ImageRequest("p") { Model = "models/gemini-3.1-flash-image-preview" } },
        { "model id is required", new ImageRequest("p") { Model = " " } },
        { "InputImages[1]", new ImageRequest("p") { InputImages = [ImageInput.FromBytes(new byte[] { 0xFF, 0xD8, 0xFF }, "image/jpeg"), null!] } },
        { "PreviousInteractionId", new ImageRequest("p") { Google = new GoogleImageOptions { PreviousInteractionId = "" } } },
        { "Label key 'Team'", new ImageRequest("p") { Google = new GoogleImageOptions { Labels = new Dictionary<string, string> { ["Team"] = "x" } } } },
        { "Label 'team'", new ImageRequest("p") { Google = new GoogleImageOptions { Labels = new Dictionary<string, string> { ["team"] = "Has Space" } } } },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task InvalidRequest_ThrowsArgumentException_WithoutSending(string named, ImageRequest request)
    {
        using var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        handler.When("*").Respond(captured.Respond(() => Json(InteractionAnswer(Png(8, 8)))));
        var client = Client(handler);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.GenerateAsync(request));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, captured.Count);
    }

    [Fact]
    public async Task UnsupportedSize_ListsWhatTheModelSupports()
    {
        using var handler = new MockHttpMessageHandler();
        var request = new ImageRequest("p") { Model = ImageModel.FlashLiteImageId, Size = ImageSize.FourK };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client(handler).GenerateAsync(request));

        Assert.Equal("size", error.ParamName);
        Assert.Contains("Allowed values for this model: 1K.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreviousInteractionId_OnGenerateContent_IsRefusedBeforeSending()
    {
        using var handler = new MockHttpMessageHandler();
        var request = new ImageRequest("p") { Google = new GoogleImageOptions { PreviousInteractionId = "v1_abc" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client(handler, OfficialTransport.GenerateContent).GenerateAsync(request));

        Assert.Contains("Transport = Interactions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditWithoutImages_IsRefused()
    {
        using var handler = new MockHttpMessageHandler();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client(handler).EditAsync("p", []));

        Assert.Equal("images", error.ParamName);
    }

    [Theory]
    [InlineData("image/gif")]
    [InlineData("text/plain")]
    [InlineData("")]
    public void ImageInput_UnsupportedMimeType_ListsTheAllowedOnes(string mimeType)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageInput.FromBytes(new byte[] { 1 }, mimeType));

        Assert.Equal("mimeType", error.ParamName);
        Assert.Contains("image/png, image/jpeg, image/webp, image/heic, image/heif", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageInput_EmptyStream_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ImageInput.FromStreamAsync(new MemoryStream(), "image/png"));

        Assert.Equal("stream", error.ParamName);
    }

    [Fact]
    public async Task ImageInput_FromStream_ReadsEveryByte_AndNormalizesTheMimeType()
    {
        var bytes = Png(3, 4, padding: 100_000);
        await using var stream = new MemoryStream(bytes);

        var input = await ImageInput.FromStreamAsync(stream, "IMAGE/PNG");

        Assert.Equal(bytes, input.Data.ToArray());
        Assert.Equal("image/png", input.MimeType);
    }

    [Fact]
    public void MissingKey_NamesTheOptionAndTheEnvironmentVariable()
    {
        var options = Options(configure: o => o.ApiKey = null);

        var error = Assert.Throws<ArgumentException>(() => new OfficialImageClient(options));

        Assert.Contains("OfficialImageClientOptions.ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("GEMINI_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GEMINI_API_KEY")]
    [InlineData("GOOGLE_API_KEY")]
    public async Task Key_FallsBackToTheEnvironment_GeminiFirst(string variable)
    {
        var environment = new Dictionary<string, string> { [variable] = "env-key-" + variable };
        if (variable == "GOOGLE_API_KEY")
        {
            environment["GEMINI_API_KEY"] = " ";
        }

        var captured = await SendWithEnvironmentAsync(environment, apiKey: null);

        Assert.Equal("env-key-" + variable, captured.Headers["x-goog-api-key"]);
    }

    [Fact]
    public async Task Key_FromOptions_WinsOverTheEnvironment()
    {
        var captured = await SendWithEnvironmentAsync(new() { ["GEMINI_API_KEY"] = "env-key" }, apiKey: "options-key");

        Assert.Equal("options-key", captured.Headers["x-goog-api-key"]);
    }

    [Fact]
    public async Task BaseUrl_FallsBackToGoogleGeminiBaseUrl()
    {
        var captured = await SendWithEnvironmentAsync(new() { ["GOOGLE_GEMINI_BASE_URL"] = "https://gateway.example.net/" }, apiKey: Key);

        Assert.Equal("https://gateway.example.net/v1beta/interactions", captured.Uri!.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://generativelanguage.googleapis.com")]
    [InlineData("http://10.0.0.5:8080")]
    public void InsecureHttp_IsRefused_NamingTheOption(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new OfficialImageClient(Options(configure: o => o.BaseUrl = new Uri(url))));

        Assert.Contains("http://", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowInsecureHttp", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InsecureHttp_FromTheEnvironment_IsRefusedToo()
    {
        var options = Options(configure: o => o.EnvironmentVariables = name => name == "GOOGLE_GEMINI_BASE_URL" ? "http://gateway.example.net" : null);

        var error = Assert.Throws<ArgumentException>(() => new OfficialImageClient(options));

        Assert.Contains("GOOGLE_GEMINI_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", false)]
    [InlineData("http://localhost:5000", false)]
    [InlineData("http://[::1]:5000", false)]
    [InlineData("http://10.0.0.5:8080", true)]
    public void HttpIsAllowed_OnLoopback_OrWhenOptedIn(string url, bool allowInsecure)
    {
        var client = new OfficialImageClient(Options(configure: o =>
        {
            o.BaseUrl = new Uri(url);
            o.AllowInsecureHttp = allowInsecure;
        }));

        Assert.NotNull(client);
    }

    [Theory]
    [InlineData("https://generativelanguage.googleapis.com/?key=abc")]
    [InlineData("https://user:pass@generativelanguage.googleapis.com")]
    [InlineData("ftp://generativelanguage.googleapis.com")]
    public void BaseUrl_WithQueryUserInfoOrOtherScheme_IsRefused(string url)
    {
        Assert.Throws<ArgumentException>(() => new OfficialImageClient(Options(configure: o => o.BaseUrl = new Uri(url))));
    }

    [Fact]
    public void InvalidLimits_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new OfficialImageClient(Options(configure: o => o.Timeout = TimeSpan.Zero)));
        Assert.Throws<ArgumentException>(() => new OfficialImageClient(Options(configure: o => o.MaxImageBytes = 0)));
        Assert.Throws<ArgumentException>(() => new OfficialImageClient(Options(configure: o => o.Transport = (OfficialTransport)7)));
    }

    [Fact]
    public void KeyWithANewline_IsRefused_WithoutEchoingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new OfficialImageClient(Options(configure: o => o.ApiKey = "secret-value\r\nX-Evil: 1")));

        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyWithNonAsciiCharacters_IsRefusedBeforeAnyRequest_NamingTheFix()
    {
        var error = Assert.Throws<ArgumentException>(() => new OfficialImageClient(Options(configure: o => o.ApiKey = "\u201Csecret-value\u201D")));

        Assert.Contains("non-ASCII", error.Message, StringComparison.Ordinal);
        Assert.Contains("OfficialImageClientOptions.ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Captured> SendWithEnvironmentAsync(Dictionary<string, string> environment, string? apiKey)
    {
        using var handler = new MockHttpMessageHandler();
        var captured = new Captured();
        handler.When("*").Respond(captured.Respond(() => Json(InteractionAnswer(Png(8, 8)))));
        var options = Options(configure: o =>
        {
            o.ApiKey = apiKey;
            o.EnvironmentVariables = name => environment.GetValueOrDefault(name);
        });

        await new OfficialImageClient(options, handler.ToHttpClient()).GenerateAsync("p");
        return captured;
    }
}
