using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorPipeline.Host.Hosting;

/// <summary>
/// What a sweep's host carries beside the sweep (the live page): its services (started after the actor system, stopped
/// before it), what it attaches to the actor system as it starts, and the line the command prints about it once running.
/// Hosting knows only this shape, not the add-on (which itself builds on Hosting).
/// </summary>
public sealed record HostAddOn(Action<IServiceCollection> AddServices, Action<ActorSystem>? AttachToSystem, Func<IHost, string> Describe);
