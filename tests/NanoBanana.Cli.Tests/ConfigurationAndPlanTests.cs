namespace NanoBanana.Cli.Tests;

public sealed class ConfigurationTests(CliEmulatorFixture fixture) : IClassFixture<CliEmulatorFixture>
{
    private static string ConfigFile(string json)
    {
        var path = Path.Combine(CliHarness.TempDirectory(), "nanobanana.json");
        File.WriteAllText(path, json);
        return path;
    }

    private async Task<string?> ModelUsed(Dictionary<string, string> env, params string[] extra)
    {
        var run = await CliHarness.RunAsync(env, ["generate", "--prompt", "a banana", "--out", Path.Combine(CliHarness.TempDirectory(), "x.png"), "--json", .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Json().GetProperty("requestedModel").GetString();
    }

    [Fact]
    public async Task Layers_apply_lowest_to_highest_config_file_then_environment_then_options()
    {
        var config = ConfigFile("""{ "NanoBanana": { "Official": { "Model": "gemini-3.1-flash-lite-image" } } }""");
        var env = fixture.Environment();

        Assert.Equal("gemini-nano-banana-2.1", await ModelUsed(env));
        Assert.Equal("gemini-3.1-flash-lite-image", await ModelUsed(env, "--config", config));
        env["NanoBanana__Official__Model"] = "gemini-3-pro-image";
        Assert.Equal("gemini-3-pro-image", await ModelUsed(env, "--config", config));
        Assert.Equal("gemini-2.5-flash-image", await ModelUsed(env, "--config", config, "--model", "gemini-2.5-flash-image"));
    }

    [Fact]
    public async Task Gemini_api_key_wins_over_the_key_in_the_config_file()
    {
        var config = ConfigFile("""{ "NanoBanana": { "Google": { "ApiKey": "AIza-from-the-file" } } }""");
        var before = fixture.Emulator.Journal.Count;

        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--config", config, "--out", Path.Combine(CliHarness.TempDirectory(), "k.png"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(before + 1, fixture.Emulator.Journal.Count);
        Assert.DoesNotContain("AIza-from-the-file", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Official": { "Model": "x" } }""", "top-level \"NanoBanana\" section")]
    [InlineData("""{ "NanoBanana": """, "not valid JSON")]
    public async Task A_config_file_without_the_section_or_not_json_exits_2(string json, string message)
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "price", "--model", "gemini-3-pro-image", "--config", ConfigFile(json));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--config", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_exits_2()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "price", "--model", "gemini-3-pro-image", "--config", "/nonexistent/nanobanana.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("does not exist", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_setting_is_refused_by_the_same_validation_as_an_app_before_any_request()
    {
        var env = fixture.Environment();
        env["NanoBanana__Official__Timeout"] = "soon";
        var before = fixture.Emulator.Journal.Count;

        var run = await CliHarness.RunAsync(env, "generate", "--prompt", "a banana", "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("ConfigurationError", run.Json().GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("NanoBanana:Official:Timeout", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, fixture.Emulator.Journal.Count);
    }
}

public sealed class PlanTests(CliEmulatorFixture fixture) : IClassFixture<CliEmulatorFixture>
{
    [Fact]
    public async Task Plan_shows_the_facades_route_model_price_and_reasons_without_a_request()
    {
        var before = fixture.Emulator.Journal.Count;

        var run = await CliHarness.RunAsync(fixture.Environment(), "plan", "--prompt", "overnight catalog shot", "--urgency", "offline", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("Batch", json.GetProperty("route").GetString());
        Assert.Equal("GoogleBatch", json.GetProperty("lane").GetString());
        Assert.Equal("gemini-nano-banana-2.1", json.GetProperty("model").GetString());
        Assert.Equal("1K", json.GetProperty("size").GetString());
        Assert.Equal(0.0168m, json.GetProperty("unitPriceUsd").GetDecimal());
        var reasons = json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.StartsWith("URGENCY_OFFLINE_BATCH:", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("MODEL_DEFAULT:", StringComparison.Ordinal));
        Assert.Equal(before, fixture.Emulator.Journal.Count);
    }

    [Fact]
    public async Task Draft_quality_plans_lite_and_final_quality_never_takes_pro_unasked()
    {
        var draft = (await CliHarness.RunAsync(fixture.Environment(), "plan", "--prompt", "thumbnail", "--quality", "draft", "--json")).Json();
        var final = await CliHarness.RunAsync(fixture.Environment(), "plan", "--prompt", "poster with text", "--quality", "final", "--size", "4K");

        Assert.Equal("gemini-3.1-flash-lite-image", draft.GetProperty("model").GetString());
        Assert.Equal(0, final.ExitCode);
        Assert.Contains("PRO_NOT_ASKED", final.Stdout, StringComparison.Ordinal);
        Assert.Contains("Model:        gemini-nano-banana-2.1", final.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plan_over_the_budget_is_refused_with_exit_2()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "plan", "--prompt", "x", "--size", "4K", "--budget-per-image", "0.001", "--json");

        Assert.Equal(2, run.ExitCode);
        var error = run.Json().GetProperty("error");
        Assert.Equal("PlanRefused", error.GetProperty("type").GetString());
        Assert.Contains("BUDGET", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_validates_its_options()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "plan", "--prompt", "a poster", "--urgency", "soon");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--urgency", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("interactive, minutes, offline", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_route_auto_runs_the_plan_and_prints_its_reasons()
    {
        var run = await CliHarness.RunAsync(fixture.Environment(), "generate", "--prompt", "a banana", "--route", "auto", "--out", Path.Combine(CliHarness.TempDirectory(), "auto"), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("Official", json.GetProperty("route").GetString());
        Assert.Equal("GoogleStandard", json.GetProperty("lane").GetString());
        Assert.Equal("Interactions", json.GetProperty("transport").GetString());
        Assert.True(File.Exists(json.GetProperty("image").GetProperty("path").GetString()));
        Assert.Contains("Plan:         URGENCY_INTERACTIVE_STANDARD", run.Stderr, StringComparison.Ordinal);
    }
}
