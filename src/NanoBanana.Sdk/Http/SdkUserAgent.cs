using System.Reflection;

namespace NanoBanana.Sdk.Http;

/// <summary>The identification headers every SDK request carries.</summary>
internal static class SdkUserAgent
{
    /// <summary>The package version without build metadata, e.g. <c>0.1.0-preview.1</c>.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>The runtime version, e.g. <c>10.0.0</c>.</summary>
    public static string RuntimeVersion { get; } = Environment.Version.ToString();

    /// <summary><c>NanoBanana.Sdk/&lt;version&gt; (.NET &lt;runtime&gt;)</c>.</summary>
    public static string UserAgent { get; } = $"NanoBanana.Sdk/{Version} (.NET {RuntimeVersion})";

    /// <summary>The <c>x-goog-api-client</c> value Google uses to attribute traffic: <c>nanobanana-sdk/&lt;version&gt; gl-dotnet/&lt;runtime&gt;</c>.</summary>
    public static string GoogApiClient { get; } = $"nanobanana-sdk/{Version} gl-dotnet/{RuntimeVersion}";

    private static string ReadVersion()
    {
        var assembly = typeof(SdkUserAgent).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
