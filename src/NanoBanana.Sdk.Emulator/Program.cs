using System.Runtime.InteropServices;

namespace NanoBanana.Sdk.Emulator;

/// <summary>The standalone server: <c>dotnet run --project src/NanoBanana.Sdk.Emulator -- --urls http://127.0.0.1:8080 [--realistic] [--jpeg]</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = new NanoBananaEmulatorOptions
        {
            RequestLog = Console.WriteLine,
            PayloadProfile = args.Contains("--realistic") ? PayloadProfile.Realistic : PayloadProfile.Small,
            ImageMimeType = args.Contains("--jpeg") ? "image/jpeg" : "image/png",
        };
        var urls = args.SkipWhile(a => a != "--urls").Skip(1).FirstOrDefault()
            ?? args.FirstOrDefault(a => a.StartsWith("--urls=", StringComparison.Ordinal))?["--urls=".Length..]
            ?? "http://127.0.0.1:8080";

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
}
