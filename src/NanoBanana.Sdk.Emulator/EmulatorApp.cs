using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using NanoBanana.Sdk.Emulator.Admin;
using NanoBanana.Sdk.Emulator.Http;
using NanoBanana.Sdk.Emulator.Surfaces;

namespace NanoBanana.Sdk.Emulator;

/// <summary>Builds the web application behind both the in-process emulator and the standalone server.</summary>
internal static class EmulatorApp
{
    /// <param name="options">The settings.</param>
    /// <param name="urls">Addresses to listen on (standalone, <c>;</c>-separated); null binds 127.0.0.1 on a free port.</param>
    public static (WebApplication App, EmulatorState State) Build(NanoBananaEmulatorOptions options, string? urls)
    {
        // The empty builder reads no configuration files or environment and watches no files: fast to start,
        // and dozens of emulators in one test run cost no inotify watches.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // The middleware enforces the configured limit with the real service's error; Kestrel's own would answer a bare 413.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
            if (urls is null)
            {
                kestrel.Listen(IPAddress.Loopback, 0);
            }
        });

        var state = new EmulatorState(options);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(new FileStore(options, state.Time));
        builder.Services.AddSingleton(new BatchStore(options));
        var app = builder.Build();
        // The admin endpoint answers before the journal and the fault plan see the request.
        app.Use(AdminSurface.InvokeAsync);
        app.Use(EmulatorMiddleware.InvokeAsync);
        app.Use(ApiVersionAlias.InvokeAsync);
        // Explicit, so routing sees the aliased path (the implicit UseRouting would run before any middleware).
        app.UseRouting();
        ModelsRoute.Map(app, new Dictionary<string, ModelMethodHandler>(StringComparer.Ordinal)
        {
            ["generateContent"] = GenerateContentSurface.GenerateAsync,
            ["streamGenerateContent"] = GenerateContentSurface.StreamAsync,
            ["batchGenerateContent"] = BatchSurface.CreateAsync,
        });
        InteractionsSurface.Map(app);
        BatchSurface.Map(app);
        FilesSurface.Map(app);
        GatewaySurface.Map(app);
        app.Lifetime.ApplicationStopping.Register(state.SignalStopping);
        return (app, state);
    }
}
