using System.Text.Json;
using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Cli.Tests;

public sealed class GenerateTests(CliEmulatorFixture fixture) : IClassFixture<CliEmulatorFixture>
{
    [Fact]
    public async Task Official_generate_writes_the_image_and_prints_one_json_object_with_the_fixed_fields()
    {
        var folder = CliHarness.TempDirectory();
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--size", "2K", "--aspect", "16:9", "--out", Path.Combine(folder, "hero"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("Official", json.GetProperty("route").GetString());
        Assert.Equal("GoogleStandard", json.GetProperty("lane").GetString());
        Assert.Equal("Interactions", json.GetProperty("transport").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("provider").ValueKind);
        Assert.Equal("gemini-nano-banana-2.1", json.GetProperty("model").GetString());
        Assert.Equal("gemini-nano-banana-2.1", json.GetProperty("requestedModel").GetString());
        Assert.Equal("gemini-nano-banana-2.1", json.GetProperty("returnedModel").GetString());
        Assert.Equal("2K", json.GetProperty("size").GetString());
        Assert.Equal("16:9", json.GetProperty("aspectRatio").GetString());
        var image = json.GetProperty("image");
        var path = image.GetProperty("path").GetString()!;
        Assert.Equal(Path.Combine(folder, "hero.png"), path);
        Assert.Equal(new FileInfo(path).Length, image.GetProperty("bytes").GetInt64());
        Assert.Equal("image/png", image.GetProperty("mimeType").GetString());
        Assert.True(image.GetProperty("width").GetInt32() > image.GetProperty("height").GetInt32());
        var cost = json.GetProperty("cost");
        Assert.True(cost.GetProperty("usd").GetDecimal() > 0);
        Assert.True(cost.GetProperty("estimated").GetBoolean());
        Assert.Equal(0.0504m, cost.GetProperty("unitPriceUsd").GetDecimal());
        Assert.StartsWith("https://ai.google.dev/", cost.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", cost.GetProperty("checkedOn").GetString()!);
        Assert.True(cost.GetProperty("billable").GetBoolean());
        Assert.True(json.TryGetProperty("requestId", out _));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("responseId").GetString()));
        Assert.True(json.GetProperty("latencyMs").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("warnings").ValueKind);
        Assert.DoesNotContain(CliEmulatorFixture.GoogleKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_output_is_one_fact_per_line_and_the_transport_option_reaches_the_wire()
    {
        var folder = CliHarness.TempDirectory();
        var before = fixture.Emulator.Journal.Entries.Count(e => e.Path.Contains(":generateContent", StringComparison.Ordinal));
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--transport", "generate-content", "--out", Path.Combine(folder, "a.png"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Route:        Official (lane GoogleStandard, transport GenerateContent)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Cost:         $", run.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "a.png")));
        Assert.Equal(before + 1, fixture.Emulator.Journal.Entries.Count(e => e.Path.Contains(":generateContent", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_bad_size_is_refused_before_any_request_naming_the_option_and_the_valid_values()
    {
        var before = fixture.Emulator.Journal.Count;
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--size", "1k", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--size", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("1K", run.Stderr, StringComparison.Ordinal);
        var error = run.Json().GetProperty("error");
        Assert.Equal("UsageError", error.GetProperty("type").GetString());
        Assert.Contains("--size", error.GetProperty("nextMove").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fixture.Emulator.Journal.Count);
    }

    [Theory]
    [InlineData("--route", "sideways", "auto, official, batch, provider")]
    [InlineData("--tier", "turbo", "standard, flex, priority")]
    [InlineData("--transport", "grpc", "interactions, generate-content")]
    public async Task Bad_choices_name_the_option_and_its_values(string option, string value, string allowed)
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "x", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
        Assert.Contains(allowed, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_image_and_a_missing_prompt_are_refused()
    {
        var missing = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "edit it", "--in", "/nonexistent/a.png");
        var noPrompt = await CliHarness.RunAsync(fixture.Environment(), "generate");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--in", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noPrompt.ExitCode);
        Assert.Contains("--prompt", noPrompt.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limit_exits_1_with_the_classified_error_and_its_packet()
    {
        fixture.Emulator.Faults.Enqueue(new FaultRule { Match = FaultMatch.Surface(FaultRequest.Interactions), Fault = Fault.Status(429, retryDelay: "37s") });
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--json");

        Assert.Equal(1, run.ExitCode);
        var error = run.Json().GetProperty("error");
        Assert.Equal("RateLimitException", error.GetProperty("type").GetString());
        Assert.Equal(429, error.GetProperty("status").GetInt32());
        Assert.Equal("RESOURCE_EXHAUSTED", error.GetProperty("serviceStatus").GetString());
        Assert.Equal("QuotaAndTrafficShape", error.GetProperty("owner").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("nextMove").GetString()));
        Assert.Equal(37, error.GetProperty("retryAfterSeconds").GetDouble());
        Assert.True(error.TryGetProperty("requestId", out _));
        var packet = error.GetProperty("packet");
        Assert.Equal("Official", packet.GetProperty("route").GetString());
        Assert.Equal(429, packet.GetProperty("statusCode").GetInt32());
        Assert.Contains("Likely owner: QuotaAndTrafficShape", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(CliEmulatorFixture.GoogleKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_batch_route_runs_one_inline_job_at_the_batch_price()
    {
        var folder = CliHarness.TempDirectory();
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--route", "batch", "--out", Path.Combine(folder, "b"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("Batch", json.GetProperty("route").GetString());
        Assert.Equal("GoogleBatch", json.GetProperty("lane").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("latencyMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("transport").ValueKind);
        Assert.True(File.Exists(json.GetProperty("image").GetProperty("path").GetString()));
        Assert.Contains("batches/", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_provider_route_uses_the_configured_gateway_and_its_own_lane()
    {
        var folder = CliHarness.TempDirectory();
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--route", "provider", "--provider", "gw", "--out", Path.Combine(folder, "p"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("Provider", json.GetProperty("route").GetString());
        Assert.Equal("Provider", json.GetProperty("lane").GetString());
        Assert.Equal("gw", json.GetProperty("provider").GetString());
        Assert.DoesNotContain(CliEmulatorFixture.GatewayKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_with_the_configured_names()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--route", "provider", "--provider", "nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Allowed values: gw", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_images_make_an_edit()
    {
        var folder = CliHarness.TempDirectory();
        var first = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--out", Path.Combine(folder, "source.png"));
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = fixture.Emulator.Journal.Count;

        var edit = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "make it blue", "--in", Path.Combine(folder, "source.png"), "--out", Path.Combine(folder, "edit.png"), "--json");

        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "edit.png")));
        var request = fixture.Emulator.Journal.Entries.Skip(before).Single();
        Assert.Contains("\"image\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_or_base_url_google_routes_run_on_the_embedded_emulator_and_say_so()
    {
        var folder = CliHarness.TempDirectory();
        var run = await CliHarness.RunAsync(new Dictionary<string, string>(), "generate", "--prompt", "a banana", "--out", Path.Combine(folder, "e.png"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("embedded emulator", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("Official", run.Json().GetProperty("route").GetString());
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "generate", "batch", "provider", "price", "plan", "launch-check" })
        {
            Assert.Contains(command, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_option_exits_2()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "x", "--colour", "red", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("UsageError", run.Json().GetProperty("error").GetProperty("type").GetString());
    }
}
