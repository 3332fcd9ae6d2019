using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Sdk.Tests.Official.EndToEnd;

/// <summary>
/// One emulator per test class, with the keys and quotas the end-to-end tests need: a good key, a blocked key,
/// and a project whose quota allows one request a minute.
/// </summary>
public sealed class OfficialEmulatorFixture : IAsyncLifetime
{
    public const string Key = "AIzaSyE2E-official-key-0123456789abcdef";
    public const string BlockedKey = "AIzaSyE2E-blocked-key-0123456789abcdef";
    public const string QuotaKey = "AIzaSyE2E-quota-key-0123456789abcdefgh";
    public const string Project = "e2e-project";
    public const string QuotaProject = "e2e-quota-project";

    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new NanoBananaEmulatorOptions();
        options.ApiKeys[Key] = Project;
        options.ApiKeys[BlockedKey] = Project;
        options.ApiKeys[QuotaKey] = QuotaProject;
        options.BlockedKeys.Add(BlockedKey);
        options.QuotaLimits.Add(new QuotaLimit { Project = QuotaProject, RequestsPerMinute = 1 });
        Emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>A client with its own HttpClient (redirects off) pointed at the emulator.</summary>
    public OfficialImageClient Client(OfficialTransport transport, Action<OfficialImageClientOptions>? configure = null)
    {
        var options = new OfficialImageClientOptions
        {
            ApiKey = Key,
            BaseUrl = Emulator.BaseAddress,
            Transport = transport,
            ProjectId = Project,
            EnvironmentVariables = _ => null,
        };
        configure?.Invoke(options);
        return new OfficialImageClient(options);
    }
}
