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
}
