using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NanoBanana.Cli.Output;
using NanoBanana.Sdk;
using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Cli.Hosting;

/// <summary>
/// The SDK composed as an app composes it: <c>AddNanoBanana</c> on the generic host over the CLI's configuration,
/// validated at start (every failure listed, each with its configuration path). With no Google key and no base URL,
/// the Google routes run on an embedded emulator, and the run says so on standard error.
/// </summary>
internal sealed class CliServices : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly NanoBananaEmulator? _emulator;

    private CliServices(IHost host, NanoBananaEmulator? emulator, IConfiguration configuration)
    {
        _host = host;
        _emulator = emulator;
        Configuration = configuration;
    }

    public IConfiguration Configuration { get; }

    public IServiceProvider Services => _host.Services;

    public NanoBananaOptions Options => Services.GetRequiredService<IOptions<NanoBananaOptions>>().Value;

    public IOfficialImageClient Official => Services.GetRequiredService<IOfficialImageClient>();

    public IBatchImageClient Batch => Services.GetRequiredService<IBatchImageClient>();

    /// <summary>Whether the Google routes run on the embedded emulator.</summary>
    public bool OnEmulator => _emulator is not null;

    public static async Task<CliServices> StartAsync(ConfigurationManager configuration, CliSession session, CancellationToken cancellationToken)
    {
        NanoBananaEmulator? emulator = null;
        if (CliConfiguration.HasNoGoogleConnection(configuration))
        {
            emulator = await NanoBananaEmulator.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{CliConfiguration.Section}:Google:ApiKey"] = "emulator-key",
                [$"{CliConfiguration.Section}:Google:BaseUrl"] = emulator.BaseAddress.ToString(),
            });
            await session.Error.WriteLineAsync(
                $"No Google key (GEMINI_API_KEY, GOOGLE_API_KEY or NanoBanana:Google:ApiKey) and no base URL: Google routes run on the embedded emulator at {emulator.BaseAddress} (no network, no cost; its Batch jobs end with this process).").ConfigureAwait(false);
        }

        try
        {
            var host = Build(configuration, session);
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                host.Dispose();
                throw;
            }

            return new CliServices(host, emulator, configuration);
        }
        catch
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// The SDK composed for commands that make no request (<c>plan</c>, <c>launch-check</c>): validated exactly as
    /// <c>AddNanoBanana</c> validates at start-up, never on the emulator. A missing Google key is not a failure here
    /// (those commands report it themselves), so a stand-in key fills it; no request is made with it.
    /// </summary>
    public static async Task<CliServices> StartOfflineAsync(ConfigurationManager configuration, CliSession session, CancellationToken cancellationToken)
    {
        var offline = new ConfigurationManager();
        offline.AddConfiguration(configuration);
        if (string.IsNullOrWhiteSpace(configuration[$"{CliConfiguration.Section}:Google:ApiKey"]))
        {
            offline.AddInMemoryCollection(new Dictionary<string, string?> { [$"{CliConfiguration.Section}:Google:ApiKey"] = "offline-no-requests" });
        }

        var host = Build(offline, session);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new CliServices(host, emulator: null, configuration);
    }

    /// <summary>Validates the configuration as <c>AddNanoBanana</c> does at start-up, without any request (see <see cref="StartOfflineAsync"/>).</summary>
    public static async Task ValidateAsync(ConfigurationManager configuration, CliSession session, CancellationToken cancellationToken)
    {
        await using var services = await StartOfflineAsync(configuration, session, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
            if (_emulator is not null)
            {
                await _emulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static IHost Build(IConfiguration configuration, CliSession session)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();
        // The SDK's warnings only: the host's own "Hosting failed to start" would repeat the validation error the CLI prints.
        builder.Services.AddLogging(logging => logging
            .AddProvider(new CliErrorLoggerProvider(session.Error))
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.None)
            .AddFilter("System", LogLevel.None));
        var time = session.Context.TimeProvider;
        builder.Services.AddNanoBanana(builder.Configuration.GetSection(CliConfiguration.Section)).Configure(o => o.TimeProvider = time);

        // Each configured provider as a keyed IProviderImageClient (the registration the routing client looks for),
        // read with the SDK's ProviderProfile.FromConfiguration. Built on first use only.
        foreach (var name in CliConfiguration.ProviderNames(configuration))
        {
            builder.Services.AddKeyedSingleton<IProviderImageClient>(name, (_, _) => CliProviders.Client(configuration, name, session.Context));
        }

        return builder.Build();
    }

    /// <summary>No console hooks: Ctrl+C belongs to the CLI's own cancellation (exit 130), not the host's.</summary>
    private sealed class CliHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Writes the SDK's warnings (deprecated models, unproven providers, stale prices) to standard error, one line each.</summary>
internal sealed class CliErrorLoggerProvider(TextWriter error) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    private void Write(string line)
    {
        lock (_gate)
        {
            error.WriteLine(line);
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CliErrorLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"{(logLevel >= LogLevel.Error ? "error" : "warning")}: {formatter(state, exception)}";
            owner.Write(line);
        }
    }
}
