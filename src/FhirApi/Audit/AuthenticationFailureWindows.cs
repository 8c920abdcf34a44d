using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Audit;

/// <summary>
/// Keeps every refused request accountable while bounding what refusals write: per client address and
/// reason (no token, or a token that does not validate), the first refusal is recorded at once (an attack
/// shows immediately) and opens a window of <c>Audit:AuthFailureWindowSeconds</c>; the refusals that
/// follow within it are counted and recorded as one <see cref="AuthenticationFailureSummary"/> when it
/// closes (<see cref="AuthenticationFailureWindowCloser"/>), or when the server stops
/// (<see cref="AuditWriter"/> closes every window before it writes what is queued). So one address writes
/// at most two AuditEvents per reason and window, however many requests it sends.
/// </summary>
internal sealed class AuthenticationFailureWindows(AuditTrail trail, IOptions<AuditOptions> options, TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string? Address, bool TokenRefused), Window> open = [];
    private bool stopped;

    public void Record(AuthenticationFailureAudit refusal)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var length = TimeSpan.FromSeconds(options.Value.AuthFailureWindowSeconds);
        lock (gate)
        {
            if (length > TimeSpan.Zero && !stopped)
            {
                if (open.TryGetValue((refusal.Address, refusal.TokenRefused), out var window))
                {
                    window.Add(refusal, options.Value.AuthFailureListedRequests);
                    return;
                }

                open.Add((refusal.Address, refusal.TokenRefused), new Window(clock.GetUtcNow() + length));
            }
        }

        trail.Record(refusal);
    }

    /// <summary>Records the windows whose time is up (all of them when the server stops: later refusals are recorded one by one).</summary>
    public void Close(bool all)
    {
        var closed = new List<AuthenticationFailureSummary>();
        lock (gate)
        {
            stopped |= all;
            var now = clock.GetUtcNow();
            foreach (var (key, window) in open.Where(w => all || w.Value.ClosesAt <= now).ToList())
            {
                open.Remove(key);
                if (window.Count > 0)
                {
                    closed.Add(window.Summarise(key.Address));
                }
            }
        }

        foreach (var summary in closed)
        {
            trail.Record(summary);
        }
    }

    /// <summary>The refusals after a window's first.</summary>
    private sealed class Window(DateTimeOffset closesAt)
    {
        private readonly List<string> requests = [];
        private readonly List<string> reasons = [];
        private DateTimeOffset first;
        private DateTimeOffset last;

        public DateTimeOffset ClosesAt { get; } = closesAt;

        public int Count { get; private set; }

        public void Add(AuthenticationFailureAudit refusal, int listed)
        {
            first = Count == 0 ? refusal.Recorded : first;
            last = refusal.Recorded;
            Count++;
            if (requests.Count < listed)
            {
                requests.Add(refusal.Request);
            }

            if (reasons.Count < listed && !reasons.Contains(refusal.Reason, StringComparer.Ordinal))
            {
                reasons.Add(refusal.Reason);
            }
        }

        public AuthenticationFailureSummary Summarise(string? address) => new(address, Count, first, last, [.. requests], [.. reasons]);
    }
}
