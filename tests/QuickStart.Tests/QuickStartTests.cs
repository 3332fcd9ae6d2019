using System.Buffers.Binary;
using NanoBanana.Sdk.Emulator;

namespace QuickStart.Tests;

/// <summary>
/// Runs the QuickStart's entry point as the README's command does: with no key it starts its own emulator;
/// with a key and <c>GOOGLE_GEMINI_BASE_URL</c> it talks to the emulator of this class, which plays faults.
/// </summary>
public sealed class QuickStartTests : IClassFixture<QuickStartTests.EmulatorFixture>, IDisposable
{
    private const string Key = "AIzaSyQuickStartSecretKey0123456789";
    private readonly NanoBananaEmulator _emulator;
    private readonly string _folder = Directory.CreateTempSubdirectory("quickstart-tests-").FullName;

    public QuickStartTests(EmulatorFixture fixture)
    {
        _emulator = fixture.Emulator;
        _emulator.Faults.Clear();
        _emulator.Journal.Clear();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task With_no_key_it_starts_the_embedded_emulator_writes_a_png_and_prints_every_line()
    {
        var path = Path.Combine(_folder, "banana.png");

        var run = await RunAsync(NoKey, "--size", "2K", "--aspect", "16:9", "--out", path);

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains("No GEMINI_API_KEY or GOOGLE_API_KEY: using the embedded emulator at http://127.0.0.1:", run.Output, StringComparison.Ordinal);
        Assert.Equal((2752, 1536), PngSize(path));
        Assert.Matches(@"(?m)^Route:\s+Official \(lane GoogleStandard, transport interactions\)\r?$", run.Output);
        Assert.Matches(@"(?m)^Model:\s+requested gemini-nano-banana-2\.1, returned gemini-nano-banana-2\.1\r?$", run.Output);
        Assert.Matches(@"(?m)^Size:\s+2K, aspect ratio 16:9\r?$", run.Output);
        Assert.Matches(@"(?m)^Pixels:\s+2752 x 1536\r?$", run.Output);
        Assert.Matches(@"(?m)^MIME type:\s+image/png\r?$", run.Output);
        Assert.Matches(@"(?m)^Latency:\s+\d+ ms\r?$", run.Output);
        Assert.Matches(@"(?m)^Request id:\s+\S+", run.Output);
        Assert.Matches(@"(?m)^Tokens:\s+input \d+, output [\d,]+ \(image [\d,]+, text [\d,-]+\)", run.Output);
        Assert.Matches(@"(?m)^Cost:\s+\$0\.050 \(exact \$0\.0504\) per image, GoogleStandard price from https://ai\.google\.dev/gemini-api/docs/pricing .+, checked 2026-10-08; estimated \$0\.0504, not reported by the service; reported tokens priced \$0\.\d+ \(image \$0\.0504, .+\)\r?$", run.Output);
        Assert.Matches(@"(?m)^Billing:\s+billable: ", run.Output);
        Assert.Contains($"Image:        {path} (", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_goes_through_the_facade_and_prints_the_plans_reasons_one_line_each_before_the_image_facts()
    {
        var path = Path.Combine(_folder, "planned.png");

        var run = await RunAsync(NoKey, "--size", "2K", "--aspect", "16:9", "--out", path);

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        var lines = run.Output.ReplaceLineEndings("\n").Split('\n');
        var plan = lines.Where(l => l.StartsWith("Plan:", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            ["MODEL_DEFAULT", "URGENCY_INTERACTIVE_STANDARD", "PRICE"],
            plan.Select(l => l["Plan:".Length..].TrimStart().Split(':')[0]));
        Assert.All(plan, l => Assert.Matches(@"^Plan:\s{9}[A-Z_]+: \S", l));
        Assert.Equal("Plan:         MODEL_DEFAULT: Default quality: the default model 'gemini-nano-banana-2.1' (Pro is never the default).", plan[0]);
        Assert.Contains("$0.0504", plan[2], StringComparison.Ordinal);
        Assert.Contains("https://ai.google.dev/gemini-api/docs/pricing", plan[2], StringComparison.Ordinal);

        // The plan comes first, then the facts about the image, as before.
        Assert.True(Array.FindLastIndex(lines, l => l.StartsWith("Plan:", StringComparison.Ordinal)) < Array.FindIndex(lines, l => l.StartsWith("Route:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_no_size_the_plan_says_the_service_default_is_priced()
    {
        var run = await RunAsync(NoKey, "--out", Path.Combine(_folder, "default.png"));

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.Matches(@"(?m)^Plan:\s+SIZE_DEFAULT: No size asked: none is sent and the service default \(1K\) is priced\.\r?$", run.Output);
        Assert.Matches(@"(?m)^Plan:\s+PRICE: .*\$0\.0336", run.Output);
    }

    [Fact]
    public async Task A_named_model_is_kept_and_the_plan_says_so()
    {
        var run = await RunAsync(NoKey, "--model", "gemini-3-pro-image", "--size", "4K", "--out", Path.Combine(_folder, "pro.png"));

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.Matches(@"(?m)^Plan:\s+MODEL_EXPLICIT: The request names model 'gemini-3-pro-image': kept", run.Output);
        Assert.DoesNotMatch(@"(?m)^Plan:\s+MODEL_DEFAULT", run.Output);
        Assert.Matches(@"(?m)^Model:\s+requested gemini-3-pro-image, returned gemini-3-pro-image\r?$", run.Output);
        Assert.Matches(@"(?m)^Cost:\s+\$0\.2400 per image, ", run.Output);
    }

    [Fact]
    public async Task The_generateContent_transport_gives_the_same_lines_and_an_out_path_without_extension_gets_one()
    {
        var stem = Path.Combine(_folder, "square");

        var run = await RunAsync(NoKey, "--transport", "generateContent", "--out", stem);

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.Equal((1024, 1024), PngSize(stem + ".png"));
        Assert.Matches(@"(?m)^Route:\s+Official \(lane GoogleStandard, transport generateContent\)\r?$", run.Output);
        Assert.Matches(@"(?m)^Size:\s+\(service default\), aspect ratio 1:1\r?$", run.Output);
    }

    [Fact]
    public async Task With_a_key_it_calls_the_base_url_from_the_environment_and_never_prints_the_key()
    {
        var path = Path.Combine(_folder, "keyed.png");

        var run = await RunAsync(WithKey, "--out", path);

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.DoesNotContain("embedded emulator", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, run.Output + run.Error, StringComparison.Ordinal);
        var entry = Assert.Single(_emulator.Journal.Entries, e => e.Path.Contains("/v1beta/interactions", StringComparison.Ordinal));
        Assert.DoesNotContain("key=", entry.Path, StringComparison.Ordinal);
        Assert.Contains(entry.Headers.Keys, name => name.Equals("x-goog-api-key", StringComparison.OrdinalIgnoreCase));
        Assert.Equal((1024, 1024), PngSize(path));
    }

    [Theory]
    [InlineData("--size", "1k", "512, 1K, 2K, 4K")]
    [InlineData("--size", "3K", "512, 1K, 2K, 4K")]
    [InlineData("--aspect", "5:3", "1:1")]
    [InlineData("--prompt", "", "--prompt must not be empty")]
    [InlineData("--transport", "grpc", "interactions, generateContent")]
    [InlineData("--route", "batch", "official")]
    public async Task A_bad_option_is_refused_before_any_request_with_exit_code_2_and_the_valid_values(string option, string value, string expected)
    {

        var run = await RunAsync(WithKey, option, value);

        Assert.Equal(QuickStartApp.InvalidOptions, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal(0, _emulator.Journal.Count);
    }

    [Fact]
    public async Task An_out_path_that_cannot_be_written_prints_the_result_and_the_reason_and_exits_1()
    {
        var path = Path.Combine(_folder, "missing-folder", "banana.png");

        var run = await RunAsync(WithKey, "--out", path);

        Assert.Equal(QuickStartApp.RequestFailed, run.ExitCode);
        Assert.Matches(@"(?m)^Request id:\s+\S+", run.Output);
        Assert.Matches(@"(?m)^Cost:\s+\$0\.\d+ (\(exact \$0\.\d+\) )?per image", run.Output);
        Assert.Contains($"NOT WRITTEN to {path}", run.Output, StringComparison.Ordinal);
        Assert.StartsWith($"Could not write the image to {path}: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Give --out a path in a folder you can write to.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_size_the_model_does_not_have_is_refused_before_any_request()
    {
        var run = await RunAsync(WithKey, "--model", "gemini-3-pro-image", "--size", "512");

        Assert.Equal(QuickStartApp.InvalidOptions, run.ExitCode);
        Assert.Contains("--size", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deprecated_model_its_successor_serves_is_replaced_by_the_plan_which_says_so()
    {
        var path = Path.Combine(_folder, "replaced.png");

        var run = await RunAsync(NoKey, "--model", "gemini-3.1-flash-image", "--size", "2K", "--out", path);

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.Matches(@"(?m)^Plan:\s+MODEL_EXPLICIT: The request names model 'gemini-3\.1-flash-image'", run.Output);
        Assert.Matches(@"(?m)^Plan:\s+MODEL_DEPRECATED_REPLACED: 'gemini-3\.1-flash-image' is deprecated since 2026-10-06: its replacement 'gemini-nano-banana-2\.1' serves this request, so it is used instead\.\r?$", run.Output);
        Assert.Matches(@"(?m)^Model:\s+requested gemini-nano-banana-2\.1, returned gemini-nano-banana-2\.1\r?$", run.Output);
        Assert.Matches(@"(?m)^Cost:\s+\$0\.050 \(exact \$0\.0504\) per image, ", run.Output);
        Assert.DoesNotMatch(@"(?m)^Warning:\s+Model 'gemini-3\.1-flash-image' is deprecated", run.Output);
    }

    [Fact]
    public async Task Nano_Banana_2_at_512_which_its_successor_lacks_is_kept_warned_and_priced_from_its_747_tokens()
    {
        var path = Path.Combine(_folder, "flash-512.png");

        var run = await RunAsync(NoKey, "--model", "gemini-3.1-flash-image", "--size", "512", "--out", path);

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.Matches(@"(?m)^Plan:\s+MODEL_DEPRECATED_KEPT: 'gemini-3\.1-flash-image' is deprecated since 2026-10-06 but kept: its replacement 'gemini-nano-banana-2\.1' cannot serve 512", run.Output);
        Assert.Matches(@"(?m)^Model:\s+requested gemini-3\.1-flash-image, returned gemini-3\.1-flash-image\r?$", run.Output);
        Assert.Equal((512, 512), PngSize(path));
        Assert.Matches(@"(?m)^Cost:\s+\$0\.045 \(exact \$0\.04482\) per image, ", run.Output);
        Assert.Matches(@"(?m)^Tokens:\s+input \d+, output 747 \(image 747, ", run.Output);
        Assert.Matches(@"(?m)^Warning:\s+Model 'gemini-3\.1-flash-image' is deprecated since 2026-10-06: it still works, but use 'gemini-nano-banana-2\.1' instead\.", run.Output);
    }

    [Theory]
    [InlineData("gemini-3.1-flash-lite-image", "2K", "Allowed values for this model: 1K.")]
    [InlineData("gemini-3.1-flash-lite-image", "512", "Allowed values for this model: 1K.")]
    [InlineData("gemini-2.5-flash-image", "1K", "takes no image size parameter")]
    [InlineData("gemini-nano-banana-2.1", "512", "Allowed values for this model: 1K, 2K, 4K.")]
    public async Task A_size_the_model_does_not_take_is_refused_before_any_request_naming_what_it_takes(string model, string size, string expected)
    {
        var run = await RunAsync(WithKey, "--model", model, "--size", size);

        Assert.Equal(QuickStartApp.InvalidOptions, run.ExitCode);
        Assert.Contains("--size", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Equal(0, _emulator.Journal.Count);
    }

    [Fact]
    public async Task The_legacy_model_runs_without_a_size()
    {
        var path = Path.Combine(_folder, "legacy.png");

        var run = await RunAsync(NoKey, "--model", "gemini-2.5-flash-image", "--aspect", "3:2", "--out", path);

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        Assert.Equal((1248, 832), PngSize(path));
        Assert.Matches(@"(?m)^Cost:\s+\$0\.039 \(exact \$0\.0387\) per image, ", run.Output);
        Assert.Matches(@"(?m)^Plan:\s+MODEL_LEGACY: 'gemini-2\.5-flash-image' is legacy", run.Output);
        Assert.Matches(@"(?m)^Plan:\s+SIZE_NOT_SENT: ", run.Output);
    }

    [Fact]
    public async Task Help_lists_every_option_with_its_valid_values()
    {
        var run = await RunAsync(NoKey, "--help");

        Assert.Equal(QuickStartApp.Success, run.ExitCode);
        foreach (var expected in new[] { "--prompt", "--model", "--size", "--aspect", "--transport", "--route", "--out", "512, 1K, 2K, 4K", "interactions | generateContent" })
        {
            Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_429_with_RetryInfo_prints_the_owner_the_wait_and_the_packet_and_exits_1()
    {
        Enqueue(Fault.Status(429, retryDelay: "37s"));

        var run = await RunAsync(WithKey, "--out", Path.Combine(_folder, "never.png"));

        Assert.Equal(QuickStartApp.RequestFailed, run.ExitCode);
        Assert.Matches(@"(?m)^Failed:\s+(RateLimitException|QuotaExhaustedException): ", run.Error);
        Assert.Matches(@"(?m)^Status:\s+429 RESOURCE_EXHAUSTED\r?$", run.Error);
        Assert.Matches(@"(?m)^Likely owner:\s*QuotaAndTrafficShape\r?$", run.Error);
        Assert.Matches(@"(?m)^Transient:\s+yes, retry after 37 s\r?$", run.Error);
        Assert.Matches(@"(?m)^Next move:\s+Back off for at least 37 s", run.Error);
        AssertPacket(run, "429");
        // The plan is made before the call, so the failure shows it too: the caller sees which route and price failed.
        Assert.Matches(@"(?m)^Plan:\s+URGENCY_INTERACTIVE_STANDARD: ", run.Error);
        Assert.Matches(@"(?m)^Plan:\s+PRICE: ", run.Error);
        Assert.False(File.Exists(Path.Combine(_folder, "never.png")));
    }

    [Fact]
    public async Task An_IMAGE_SAFETY_finish_is_a_failure_not_an_empty_success()
    {
        Enqueue(Fault.FinishReason("IMAGE_SAFETY"));

        var run = await RunAsync(WithKey, "--out", Path.Combine(_folder, "never.png"));

        Assert.Equal(QuickStartApp.RequestFailed, run.ExitCode);
        Assert.Matches(@"(?m)^Failed:\s+NoImageException: ", run.Error);
        Assert.Matches(@"(?m)^No image:\s+SafetyFinish \(finish IMAGE_SAFETY, block -\), billed: ", run.Error);
        Assert.Matches(@"(?m)^Tokens:\s+input \d+", run.Error);
        Assert.Matches(@"(?m)^Next move:\s+\S", run.Error);
        AssertPacket(run, "200");
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task A_text_only_answer_is_a_failure_that_shows_the_models_text()
    {
        Enqueue(Fault.TextOnly());

        var run = await RunAsync(WithKey, "--transport", "generateContent");

        Assert.Equal(QuickStartApp.RequestFailed, run.ExitCode);
        Assert.Matches(@"(?m)^No image:\s+TextOnly ", run.Error);
        Assert.Matches(@"(?m)^Model text:\s+\S", run.Error);
        AssertPacket(run, "200");
    }

    [Fact]
    public async Task A_401_names_the_credential_owner_and_keeps_the_key_out_of_everything_printed()
    {
        Enqueue(Fault.Status(401));

        var run = await RunAsync(WithKey);

        Assert.Equal(QuickStartApp.RequestFailed, run.ExitCode);
        Assert.Matches(@"(?m)^Failed:\s+AuthenticationException: ", run.Error);
        Assert.Matches(@"(?m)^Likely owner:\s*CredentialSetup\r?$", run.Error);
        Assert.Matches(@"(?m)^Transient:\s+no\r?$", run.Error);
        Assert.Matches(@"(?m)^Next move:\s+Check the key type, its restrictions and the project it is linked to", run.Error);
        AssertPacket(run, "401");
    }

    private static string? NoKey(string name) => null;

    private string? WithKey(string name) => name switch
    {
        "GEMINI_API_KEY" => Key,
        "GOOGLE_GEMINI_BASE_URL" => _emulator.BaseAddress.ToString(),
        _ => null,
    };

    private static void AssertPacket(Run run, string status)
    {
        Assert.Contains("Repro packet (no key; the prompt only as a SHA-256):", run.Error, StringComparison.Ordinal);
        Assert.Contains($"\"statusCode\": {status}", run.Error, StringComparison.Ordinal);
        Assert.Matches("\"promptSha256\": \"[0-9a-f]{64}\"", run.Error);
        Assert.Matches(@"(?m)^Request id:\s+\S+", run.Error);
        Assert.DoesNotContain(Key, run.Output + run.Error, StringComparison.Ordinal);
        var packet = run.Error[run.Error.IndexOf("Repro packet", StringComparison.Ordinal)..];
        Assert.DoesNotContain(QuickStartOptions.DefaultPrompt, packet, StringComparison.Ordinal);
    }

    private void Enqueue(Fault fault) => _emulator.Faults.Enqueue(new FaultRule { Fault = fault });

    private async Task<Run> RunAsync(Func<string, string?> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var code = await QuickStartApp.RunAsync(args, output, error, environment, timeout.Token);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    private sealed record Run(int ExitCode, string Output, string Error);

    /// <summary>One emulator for the class: it plays the "real service" a keyed QuickStart run talks to.</summary>
    public sealed class EmulatorFixture : IAsyncLifetime
    {
        public NanoBananaEmulator Emulator { get; private set; } = null!;

        public async Task InitializeAsync() => Emulator = await NanoBananaEmulator.StartAsync();

        public async Task DisposeAsync() => await Emulator.DisposeAsync();
    }
}
