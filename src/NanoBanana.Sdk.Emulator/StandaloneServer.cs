using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator.Admin;

namespace NanoBanana.Sdk.Emulator;

/// <summary>
/// The standalone server: <c>dotnet run --project src/NanoBanana.Sdk.Emulator -f net10.0 -- --urls http://127.0.0.1:8080 [--realistic] [--jpeg]
/// [--api-key KEY]… [--batch-pending SECONDS] [--batch-running SECONDS] [--faults PLAN.json]</c>, or the same options to the
/// <c>nanobanana-emulator</c> tool (NanoBanana.Emulator.Tool, whose entry point calls <see cref="RunFromConsoleAsync"/>).
/// </summary>
internal static class StandaloneServer
{
    internal const string HelpText = """
        nanobanana-emulator: a local, wire-faithful Gemini API and OpenAI-compatible gateway server (no key, no network, no cost).

        Options:
          --urls URLS              Where to listen, ';'-separated. Default: http://127.0.0.1:8080
          --api-key KEY            Accept only this key (repeatable); others get 400 API_KEY_INVALID. Default: any key
          --realistic              Realistic payload sizes (megabyte images) instead of small ones
          --jpeg                   Answer image/jpeg instead of image/png
          --batch-pending SECONDS  How long a batch stays PENDING. --batch-running SECONDS: how long it runs
          --faults FILE            Load a JSON fault plan at start (the body POST /_emulator/faults takes)
          --help                   Show this help

        Admin endpoint (no key needed; not journaled):
          POST /_emulator/faults   add the rules of a JSON fault plan     GET/DELETE /_emulator/faults  list/drop pending rules
          GET  /_emulator/journal  requests answered (?since=N&bodies=false)  DELETE /_emulator/journal  clear it
          GET  /_emulator/ledger   provider gateway billing ledger
        """;

    /// <summary>Runs the server from a console: Ctrl+C and SIGTERM stop it. The entry point of both the project and the tool.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code: 0 stopped cleanly, 2 bad options.</returns>
    public static async Task<int> RunFromConsoleAsync(string[] args)
    {
        // The empty web builder has no console lifetime, so Ctrl+C and SIGTERM are wired here.
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return await RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
    }

    /// <summary>Runs the server until <paramref name="stop"/> is cancelled.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where the start line, the admin line and one line per request go.</param>
    /// <param name="error">Where option errors go.</param>
    /// <param name="stop">Stops the server.</param>
    /// <returns>The exit code: 0 stopped cleanly, 2 bad options.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            await output.WriteLineAsync(HelpText).ConfigureAwait(false);
            return 0;
        }

        NanoBananaEmulatorOptions options;
        string urls;
        IReadOnlyList<FaultRule> faults;
        try
        {
            (options, urls) = Parse(args);
            faults = await LoadFaultsAsync(args).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        options.RequestLog = output.WriteLine;
        var (app, state) = EmulatorApp.Build(options, urls);
        foreach (var rule in faults)
        {
            state.Faults.Enqueue(rule);
        }

        try
        {
            await app.StartAsync(stop).ConfigureAwait(false);
            // The bound addresses, not the requested ones: with port 0 the OS picks the port and a script reads it here.
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses
                ? string.Join(";", addresses)
                : urls;
            await output.WriteLineAsync($"NanoBanana emulator listening on {bound} ({options.PayloadProfile} payloads). Ctrl+C to stop.").ConfigureAwait(false);
            await output.WriteLineAsync($"Admin endpoint: {AdminSurface.Prefix}/faults (POST a JSON fault plan, GET, DELETE), {AdminSurface.Prefix}/journal, {AdminSurface.Prefix}/ledger."
                + (faults.Count > 0 ? $" {faults.Count} fault rule(s) loaded." : string.Empty)).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("Stopping.").ConfigureAwait(false);
            }

            state.SignalStopping();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The emulator settings and listen addresses given on the command line.</summary>
    internal static (NanoBananaEmulatorOptions Options, string Urls) Parse(string[] args)
    {
        var options = new NanoBananaEmulatorOptions
        {
            PayloadProfile = args.Contains("--realistic") ? PayloadProfile.Realistic : PayloadProfile.Small,
            ImageMimeType = args.Contains("--jpeg") ? "image/jpeg" : "image/png",
        };

        // Each --api-key restricts the emulator to the listed keys, so an unknown key gets the real 400 API_KEY_INVALID.
        foreach (var key in ValuesOf(args, "--api-key"))
        {
            options.ApiKeys[key] = NanoBananaEmulatorOptions.DefaultProject;
        }

        if (Seconds(args, "--batch-pending") is { } pending)
        {
            options.BatchPendingDuration = pending;
        }

        if (Seconds(args, "--batch-running") is { } running)
        {
            options.BatchRunningDuration = running;
        }

        return (options, ValuesOf(args, "--urls").FirstOrDefault() ?? "http://127.0.0.1:8080");
    }

    /// <summary>The rules of the <c>--faults FILE</c> plan, or none.</summary>
    internal static async Task<IReadOnlyList<FaultRule>> LoadFaultsAsync(string[] args)
    {
        if (ValuesOf(args, "--faults").FirstOrDefault() is not { } file)
        {
            return [];
        }

        byte[] plan;
        try
        {
            plan = await File.ReadAllBytesAsync(file).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--faults: cannot read '{file}': {ex.Message}", nameof(args), ex);
        }

        try
        {
            return FaultPlanJson.Parse(plan);
        }
        catch (FaultPlanException ex)
        {
            throw new ArgumentException($"--faults {file}: {ex.Message}", nameof(args), ex);
        }
    }

    /// <summary>A duration option given in seconds (e.g. <c>--batch-running 1.5</c>), or null when absent.</summary>
    private static TimeSpan? Seconds(string[] args, string name)
    {
        var value = ValuesOf(args, name).FirstOrDefault();
        if (value is null)
        {
            return null;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} takes a number of seconds, zero or more; got '{value}'.", nameof(args));
    }

    /// <summary>The values of an option given as <c>--name value</c> or <c>--name=value</c>, in order.</summary>
    private static IEnumerable<string> ValuesOf(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name && i + 1 < args.Length)
            {
                yield return args[++i];
            }
            else if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                yield return args[i][(name.Length + 1)..];
            }
        }
    }
}
