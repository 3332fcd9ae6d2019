namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>The standalone server's command line (eng/interop.sh starts it with <c>--urls</c> and <c>--api-key</c>).</summary>
public sealed class StandaloneArgumentsTests
{
    [Fact]
    public void Defaults_listen_on_8080_with_small_png_payloads_and_any_key()
    {
        var (options, urls) = StandaloneServer.Parse([]);

        Assert.Equal("http://127.0.0.1:8080", urls);
        Assert.Equal(PayloadProfile.Small, options.PayloadProfile);
        Assert.Equal("image/png", options.ImageMimeType);
        Assert.Empty(options.ApiKeys);
    }

    [Fact]
    public void Api_keys_in_both_spellings_restrict_the_accepted_keys()
    {
        var (options, urls) = StandaloneServer.Parse(["--api-key", "k1", "--urls=http://127.0.0.1:5001", "--api-key=k2", "--jpeg", "--realistic"]);

        Assert.Equal("http://127.0.0.1:5001", urls);
        Assert.Equal(["k1", "k2"], options.ApiKeys.Keys.Order(StringComparer.Ordinal));
        Assert.All(options.ApiKeys.Values, project => Assert.Equal(NanoBananaEmulatorOptions.DefaultProject, project));
        Assert.Equal("image/jpeg", options.ImageMimeType);
        Assert.Equal(PayloadProfile.Realistic, options.PayloadProfile);
    }

    [Fact]
    public void Batch_durations_are_given_in_seconds()
    {
        var (defaults, _) = StandaloneServer.Parse([]);
        var (options, _) = StandaloneServer.Parse(["--batch-pending", "0", "--batch-running=1.5"]);

        Assert.Equal(new NanoBananaEmulatorOptions().BatchPendingDuration, defaults.BatchPendingDuration);
        Assert.Equal(TimeSpan.Zero, options.BatchPendingDuration);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.BatchRunningDuration);
    }

    [Theory]
    [InlineData("--batch-running", "soon")]
    [InlineData("--batch-pending", "-1")]
    public void Bad_batch_durations_name_the_option(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => StandaloneServer.Parse([option, value]));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Contains("seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_not_given_with_api_key_gets_400_api_key_invalid()
    {
        var (options, _) = StandaloneServer.Parse(["--api-key", "interop-key"]);
        await using var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        using var http = Client.For(emulator);

        var (accepted, _) = await Client.GenerateAsync(http, "gemini-3.1-flash-image", Client.GenerateBody(), key: "interop-key");
        var (rejected, json) = await Client.GenerateAsync(http, "gemini-3.1-flash-image", Client.GenerateBody(), key: "interop-wrong-key");

        Assert.Equal(System.Net.HttpStatusCode.OK, accepted.StatusCode);
        Client.AssertError(rejected, json, 400, "INVALID_ARGUMENT");
        Assert.Equal("API_KEY_INVALID", Client.Detail(json, "ErrorInfo").GetProperty("reason").GetString());
    }
}
