// The ProviderProof sample: prove an OpenAI-compatible provider before launch (SPEC §6) — a few generations, one edit,
// one deliberately bad request, the alias and returned-model check, headers and latency per call — and save the
// report as Markdown and JSON.
//   dotnet run --project samples/ProviderProof -- [--provider NAME] [--model ID] [--report FILE.md]
// The provider's profile is read from appsettings.json (NanoBanana:Providers:NAME). Its key comes from the environment
// (NanoBanana__Providers__NAME__ApiKey): with a key the proof calls the configured BaseUrl (real calls, billed); without
// one it runs on an embedded emulator's gateway with the same profile (no network, no cost).
// Exit codes: 0 the proof passed, 1 a row failed, 2 bad options or profile.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Emulator;

string? providerName = null;
var model = "gemini-3-pro-image";
string? reportPath = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--provider" when i + 1 < args.Length:
            providerName = args[++i];
            break;
        case "--model" when i + 1 < args.Length:
            model = args[++i];
            break;
        case "--report" when i + 1 < args.Length:
            reportPath = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Options: --provider NAME, --model ID (default gemini-3-pro-image), --report FILE.md.");
            return 2;
    }
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// The generic host gives appsettings.json (next to the program), environment variables and console logging.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
using var host = builder.Build();
var configuration = host.Services.GetRequiredService<IConfiguration>();
var providers = configuration.GetSection("NanoBanana:Providers");
var names = providers.GetChildren().Select(s => s.Key).ToList();
providerName ??= names.FirstOrDefault();
if (providerName is null || !names.Contains(providerName, StringComparer.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"--provider '{providerName}' is not configured under NanoBanana:Providers; configured: {string.Join(", ", names)}.");
    return 2;
}

ProviderProfile profile;
try
{
    profile = ProviderProfile.FromConfiguration(providers.GetSection(providerName));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

await using var emulator = profile.ApiKey is null ? await StartGatewayAsync(profile, cancel.Token) : null;
if (emulator is not null)
{
    Console.WriteLine($"No NanoBanana__Providers__{providerName}__ApiKey: proving '{providerName}' on the embedded emulator's gateway at {profile.BaseUrl} (no network, no cost).");
}
else
{
    Console.WriteLine($"Proving '{providerName}' at {profile.BaseUrl}: every call is real and billed by the provider.");
}

var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("NanoBanana.Samples.ProviderProof");
ProviderProofReport report;
try
{
    report = await ProviderProof.RunAsync(profile, new ProviderImageClientOptions { Model = model }, options: null, logger, cancel.Token);
}
catch (ArgumentException ex)
{
    // The profile or the model failed validation before any call.
    Console.Error.WriteLine(ex.Message);
    return 2;
}

reportPath = Path.GetFullPath(reportPath ?? $"provider-proof-{providerName}.md");
Directory.CreateDirectory(Path.GetDirectoryName(reportPath)!);
await File.WriteAllTextAsync(reportPath, report.ToMarkdown(), cancel.Token);
await File.WriteAllTextAsync(Path.ChangeExtension(reportPath, ".json"), report.ToJson(), cancel.Token);

foreach (var row in report.Rows)
{
    Console.WriteLine($"{row.Item,-22} {row.Verdict,-8} {row.Summary}");
}

Console.WriteLine($"{report.Calls.Count} calls; report: {reportPath} (and {Path.GetFileName(Path.ChangeExtension(reportPath, ".json"))}). Proof {(report.Passed ? "passed" : "FAILED")}.");
return report.Passed ? 0 : 1;

// An emulated gateway named like the provider that knows the profile's model strings, and the profile pointed at it.
static async Task<NanoBananaEmulator> StartGatewayAsync(ProviderProfile profile, CancellationToken cancellationToken)
{
    const string Key = "sk-emulator-provider-key";
    // Rate-limit headers on (x-ratelimit-*), as most gateways send them: the proof's rate and status row reads them.
    var gateway = new GatewayProvider(profile.Name) { ReportsCost = true, RateLimits = new GatewayRateLimits() };
    gateway.ApiKeys.Add(Key);
    foreach (var (ourId, theirs) in profile.Models)
    {
        gateway.ModelAliases[theirs] = ourId;
    }

    var options = new NanoBananaEmulatorOptions();
    options.Gateways.Add(gateway);
    var emulator = await NanoBananaEmulator.StartAsync(options, cancellationToken);
    profile.BaseUrl = emulator.GatewayAddress(profile.Name);
    profile.ApiKey = Key;
    return emulator;
}
