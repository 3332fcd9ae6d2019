using System.Globalization;
using System.Runtime.InteropServices;

namespace NanoBanana.Sdk.Emulator;

/// <summary>The standalone server: <c>dotnet run --project src/NanoBanana.Sdk.Emulator -- --urls http://127.0.0.1:8080 [--realistic] [--jpeg] [--api-key KEY]… [--batch-pending SECONDS] [--batch-running SECONDS]</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        NanoBananaEmulatorOptions options;
        string urls;
        try
        {
            (options, urls) = Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        options.RequestLog = Console.WriteLine;

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

        var (app, _) = EmulatorApp.Build(options, urls);
        await app.StartAsync(stop.Token).ConfigureAwait(false);
        Console.WriteLine($"NanoBanana emulator listening on {urls} ({options.PayloadProfile} payloads). Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("Stopping.");
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
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
