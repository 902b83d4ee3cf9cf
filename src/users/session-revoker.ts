/**
 * Ends every open session of a user at once. Account administration needs it (deactivating a user
 * or changing roles ends their sessions), but the sessions belong to src/auth, which depends on the
 * users; so users declares what it needs here and src/auth provides it (AuthSessionRevoker, in a
 * global module), keeping the dependency one way.
 */
export abstract class SessionRevoker {
  /** `reason` goes to the security log (e.g. 'passwordChanged', 'deactivated'). */
  abstract revokeAllForUser(
    userId: string,
    reason: string,
    actor?: { actorId?: string | null; clientIp?: string | null },
  ): Promise<number>;
}
