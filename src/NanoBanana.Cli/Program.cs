namespace NanoBanana.Cli;

/// <summary>The <c>nanobanana</c> executable: the process's console, environment and Ctrl+C around <see cref="NanoBananaCli.RunAsync"/>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops cleanly: the running command sees the token, prints "Interrupted." and returns 130.
            // A second one ends the process at once.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };

        return await NanoBananaCli.RunAsync(args, NanoBananaCliContext.FromProcess(), cancel.Token).ConfigureAwait(false);
    }
}
