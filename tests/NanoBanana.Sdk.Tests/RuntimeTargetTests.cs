using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Xunit.Abstractions;

namespace NanoBanana.Sdk.Tests;

/// <summary>
/// These tests are compiled for net10.0 (NanoBanana.Sdk.Tests) and net8.0 (NanoBanana.Sdk.Tests.Net8): each run
/// proves it is on the runtime it claims and exercises the SDK build for that target.
/// </summary>
public sealed class RuntimeTargetTests(ITestOutputHelper output)
{
#if NET8_0
    private const int ExpectedMajor = 8;
#else
    private const int ExpectedMajor = 10;
#endif

    [Fact]
    public void Runs_on_the_runtime_it_was_compiled_for()
    {
        output.WriteLine($"{RuntimeInformation.FrameworkDescription} (Environment.Version {Environment.Version}) from {Path.GetDirectoryName(typeof(object).Assembly.Location)}");

        Assert.Equal(ExpectedMajor, Environment.Version.Major);
    }

    [Fact]
    public void Loads_the_SDK_build_for_the_same_target()
    {
        var sdk = typeof(ModelCatalog).Assembly.GetCustomAttribute<TargetFrameworkAttribute>();

        Assert.Equal($".NETCoreApp,Version=v{ExpectedMajor}.0", sdk?.FrameworkName);
    }
}
