using FhirChain.Provenance.Merkle;
using Microsoft.EntityFrameworkCore.Storage;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// The right to append to the log: an open database transaction holding the log head's lock, and
/// the in-process gate. Only one lease exists at a time per database.
/// </summary>
internal sealed class AppendLease(ProvenanceLog log, IDbContextTransaction transaction, long expectedSize) : IAsyncDisposable
{
    private bool released;

    public IDbContextTransaction Transaction => transaction;

    /// <summary>The tree size this lease found under the lock; appends must start there.</summary>
    public long ExpectedSize { get; set; } = expectedSize;

    /// <summary>The tree after this lease's appends, published to the log's cache on commit.</summary>
    public CompactRange? Pending { get; set; }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await transaction.CommitAsync(cancellationToken);
        log.Published(Pending);
        await ReleaseAsync();
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();

    private async ValueTask ReleaseAsync()
    {
        if (released)
        {
            return;
        }

        released = true;
        await transaction.DisposeAsync();
        log.ReleaseGate();
    }
}
