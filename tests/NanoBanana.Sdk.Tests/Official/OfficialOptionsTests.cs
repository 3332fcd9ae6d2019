using Microsoft.Extensions.Configuration;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>Options bind from configuration strings and validate every failure at once.</summary>
public sealed class OfficialOptionsTests
{
    [Fact]
    public void String_values_bind_from_configuration_including_the_tier()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Transport"] = "GenerateContent",
            ["Model"] = "gemini-3-pro-image",
            ["ServiceTier"] = "flex",
            ["Timeout"] = "00:06:00",
            ["ProjectId"] = "proj-1",
        }).Build();
        var options = new OfficialImageClientOptions();

        configuration.Bind(options);

        Assert.Equal(ServiceTier.Flex, options.ServiceTier);
        Assert.Equal(OfficialTransport.GenerateContent, options.Transport);
        Assert.Equal("gemini-3-pro-image", options.Model);
        Assert.Equal(TimeSpan.FromMinutes(6), options.Timeout);
        Assert.Equal("proj-1", options.ProjectId);
    }

    [Fact]
    public void An_unknown_tier_fails_binding_loudly_with_the_allowed_values()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ServiceTier"] = "turbo" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => configuration.Bind(new OfficialImageClientOptions()));

        Assert.Contains("standard, flex, priority", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_tier_round_trips_through_System_Text_Json()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(ServiceTier.Priority);

        Assert.Equal("\"priority\"", json);
        Assert.Equal(ServiceTier.Flex, System.Text.Json.JsonSerializer.Deserialize<ServiceTier>("\"FLEX\""));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<ServiceTier>("\"turbo\""));
    }

    [Fact]
    public void Validate_returns_every_failure_at_once_each_naming_its_setting()
    {
        var options = new OfficialImageClientOptions
        {
            ApiKey = null,
            BaseUrl = new Uri("http://gateway.example.net/?key=1"),
            Timeout = TimeSpan.FromSeconds(-1),
            MaxImageBytes = 0,
            ApiVersion = " ",
            Transport = (OfficialTransport)42,
            EnvironmentVariables = _ => null,
        };

        var failures = options.Validate();

        Assert.Contains(failures, f => f.Contains("OfficialImageClientOptions.ApiKey", StringComparison.Ordinal) && f.Contains("GEMINI_API_KEY", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("http://", StringComparison.Ordinal) && f.Contains("OfficialImageClientOptions.AllowInsecureHttp", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("query string", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OfficialImageClientOptions.Timeout", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OfficialImageClientOptions.MaxImageBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("OfficialImageClientOptions.ApiVersion", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Allowed values: Interactions, GenerateContent", StringComparison.Ordinal));
        Assert.Equal(7, failures.Count);

        var thrown = Assert.Throws<ArgumentException>(() => new OfficialImageClient(options));
        Assert.All(failures, f => Assert.Contains(f, thrown.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Valid_options_have_no_failures()
    {
        Assert.Empty(new OfficialImageClientOptions { ApiKey = "AIzaSy-valid-key-123456", EnvironmentVariables = _ => null }.Validate());
    }

    [Fact]
    public void Sizes_and_ratios_bind_from_configuration_and_json_and_new_well_formed_values_are_open()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Size"] = "2K", ["Ratio"] = "16:9", ["NewSize"] = "8K", ["NewRatio"] = "2:1" }).Build();

        var bound = configuration.Get<SizeAndRatio>()!;

        Assert.Equal(ImageSize.TwoK, bound.Size);
        Assert.Equal(AspectRatio.Landscape16x9, bound.Ratio);
        Assert.Equal("8K", bound.NewSize.Value);
        Assert.Equal("2:1", bound.NewRatio.Value);
        Assert.Equal("\"4K\"", System.Text.Json.JsonSerializer.Serialize(ImageSize.FourK));
        Assert.Equal(AspectRatio.Portrait9x16, System.Text.Json.JsonSerializer.Deserialize<AspectRatio>("\"9:16\""));
    }

    [Theory]
    [InlineData("Size", "1k")]
    [InlineData("Size", "0.5K")]
    [InlineData("Ratio", "16x9")]
    public void Malformed_sizes_and_ratios_fail_binding_with_the_known_values(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => configuration.Get<SizeAndRatio>());

        Assert.Contains(key == "Size" ? ImageSize.AllowedValues : AspectRatio.AllowedValues, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_stays_strict_for_user_input_while_the_constructor_is_open_but_checks_the_form()
    {
        Assert.Throws<ArgumentException>(() => ImageSize.Parse("8K"));
        Assert.Equal("8K", new ImageSize("8K").Value);
        Assert.Throws<ArgumentException>(() => new ImageSize("1k"));
        Assert.Throws<ArgumentException>(() => new ImageSize("512px"));
        Assert.Throws<ArgumentException>(() => new AspectRatio("0:1"));
        Assert.Equal(2, new AspectRatio("2:1").Width);
    }

    private sealed class SizeAndRatio
    {
        public ImageSize Size { get; set; }

        public AspectRatio Ratio { get; set; }

        public ImageSize NewSize { get; set; }

        public AspectRatio NewRatio { get; set; }
    }
}
