using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NanoBanana.Sdk.Emulator;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace NanoBanana.Sdk.Extensions.Tests;

/// <summary>One emulator per test class; hosts built from appsettings-style JSON pointed at it.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string Key = "AIzaSyDI-test-key-0123456789abcdefghij";
    public const string Project = "di-project";
    public const string DailyKey = "AIzaSyDI-daily-key-0123456789abcdefgh";
    public const string DailyProject = "di-daily-project";
    public const string GatewayAKey = "sk-di-gateway-a-0123456789";
    public const string GatewayBKey = "sk-di-gateway-b-0123456789";

    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new NanoBananaEmulatorOptions();
        options.ApiKeys[Key] = Project;
        options.ApiKeys[DailyKey] = DailyProject;
        options.QuotaLimits.Add(new QuotaLimit { Project = DailyProject, RequestsPerDay = 1 });
        var a = new GatewayProvider("gw-a") { ReportsCost = true };
        a.ApiKeys.Add(GatewayAKey);
        var b = new GatewayProvider("gw-b");
        b.ApiKeys.Add(GatewayBKey);
        options.Gateways.Add(a);
        options.Gateways.Add(b);
        Emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>The appsettings.json a team would write, pointed at the emulator.</summary>
    public string Json(string official = "", string resilience = "", string key = Key, string project = Project) => $$"""
        {
          "NanoBanana": {
            "Google": { "ApiKey": "{{key}}", "BaseUrl": "{{Emulator.BaseAddress}}", "ProjectId": "{{project}}", "KeyType": "AI Studio auth key" },
            "Official": { "Transport": "GenerateContent", "Timeout": "00:06:00" {{official}} },
            "Resilience": { "BaseDelay": "00:00:00.050" {{resilience}} }
          }
        }
        """;
}

internal static class TestHosts
{
    public static IHost Build(string json, Action<IServiceCollection>? configure = null, FakeLogCollector? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(new FakeLoggerProvider(logs));
        }

        builder.Services.AddNanoBanana(configuration.GetSection(NanoBananaOptions.SectionName));
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<IHost> StartAsync(string json, Action<IServiceCollection>? configure = null, FakeLogCollector? logs = null)
    {
        var host = Build(json, configure, logs);
        await host.StartAsync();
        return host;
    }
}
