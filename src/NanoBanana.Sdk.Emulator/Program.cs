using Microsoft.Extensions.Hosting;

namespace NanoBanana.Sdk.Emulator;

/// <summary>The standalone server: <c>dotnet run --project src/NanoBanana.Sdk.Emulator -- --urls http://127.0.0.1:8080</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var options = new NanoBananaEmulatorOptions
        {
            RequestLog = Console.WriteLine,
            PayloadProfile = args.Contains("--realistic") ? PayloadProfile.Realistic : PayloadProfile.Small,
        };
        var urls = args.SkipWhile(a => a != "--urls").Skip(1).FirstOrDefault() ?? "http://127.0.0.1:8080";
        var (app, _) = EmulatorApp.Build(options, [.. args.Where(a => a != "--realistic")]);
        if (!args.Contains("--urls"))
        {
            app.Urls.Add(urls);
        }

        await app.StartAsync().ConfigureAwait(false);
        Console.WriteLine($"NanoBanana emulator listening on {string.Join(", ", app.Urls)} ({options.PayloadProfile} payloads). Ctrl+C to stop.");
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}
