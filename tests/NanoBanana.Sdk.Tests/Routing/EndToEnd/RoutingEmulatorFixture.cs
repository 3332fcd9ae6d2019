using NanoBanana.Sdk.Emulator;
using NanoBanana.Sdk.Pricing;
using NanoBanana.Sdk.Tests.Routing;

namespace NanoBanana.Sdk.Tests.Routing.EndToEnd;

/// <summary>One emulator with two gateways; each test builds its own facade (and ledger) over fresh route clients.</summary>
public sealed class RoutingEmulatorFixture : IAsyncLifetime
{
    public const string Key = "AIzaSyE2E-routing-key-0123456789abcdefg";
    public const string GatewayKey = "sk-e2e-routing-0123456789";

    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new NanoBananaEmulatorOptions();
        foreach (var name in new[] { "laozhang", "openrouter" })
        {
            var gateway = new GatewayProvider(name);
            gateway.ApiKeys.Add(GatewayKey);
            gateway.Prices["gemini-nano-banana-2.1"] = 0.05m;
            options.Gateways.Add(gateway);
        }

        Emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>A facade over real route clients pointed at the emulator; the fault plan is cleared first.</summary>
    public NanoBananaClient Facade(Action<RoutingOptions>? configure = null, IBudgetLedger? ledger = null, Microsoft.Extensions.Logging.ILogger? logger = null, bool batch = true)
    {
        Emulator.Faults.Clear();
        var official = new OfficialImageClient(new OfficialImageClientOptions { ApiKey = Key, BaseUrl = Emulator.BaseAddress, EnvironmentVariables = _ => null });
        var batchClient = batch ? new BatchImageClient(new BatchImageClientOptions { ApiKey = Key, BaseUrl = Emulator.BaseAddress, EnvironmentVariables = _ => null }) : null;
        var providers = new[] { "laozhang", "openrouter" }.Select(name =>
        {
            var profile = RoutingTestKit.Profile(name);
            profile.BaseUrl = Emulator.GatewayAddress(name);
            profile.ApiKey = GatewayKey;
            return (IProviderImageClient)new ProviderImageClient(profile);
        }).ToList();
        var options = new RoutingOptions();
        configure?.Invoke(options);
        return new NanoBananaClient(official, batchClient, providers, options, ledger, logger: logger);
    }
}
