using QuickStart;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await QuickStartApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancel.Token);
