#if !NET9_0_OR_GREATER
namespace System.Threading;

/// <summary>
/// net8.0 has no <c>System.Threading.Lock</c>: this stand-in gives the compiler the <see cref="EnterScope"/> it
/// lowers <c>lock (gate)</c> to, backed by the monitor. net9.0 and later use the real type.
/// </summary>
internal sealed class Lock
{
    private readonly object _monitor = new();

    /// <summary>Takes the lock until the returned scope is disposed.</summary>
    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    /// <summary>Holds the lock; disposing releases it.</summary>
    public readonly ref struct Scope
    {
        private readonly object _monitor;

        internal Scope(object monitor) => _monitor = monitor;

        /// <summary>Releases the lock.</summary>
        public void Dispose() => Monitor.Exit(_monitor);
    }
}
#endif
