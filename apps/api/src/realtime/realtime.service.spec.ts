import { Server } from 'socket.io';
import { describe, expect, it, vi } from 'vitest';
import { Metrics } from '../metrics/metrics.js';
import { RealtimeService } from './realtime.service.js';
import { rooms, type ModeratorTask, type ParleyServer } from './realtime.types.js';

describe(RealtimeService.name, () => {
  describe('askModerators', () => {
    function setup({ clustered, moderatorHere }: { clustered: boolean; moderatorHere: boolean }) {
      // Not listening: rooms and server-side events need no connection.
      const server: ParleyServer = new Server();
      // A socket in the moderation room, as moderation:join leaves one (no connection needed).
      if (moderatorHere) void server.of('/').adapter.addAll('moderator-socket', new Set([rooms.moderation]));
      const sideEmit = vi.spyOn(server, 'serverSideEmit').mockReturnValue(true);
      const sut = new RealtimeService(new Metrics());
      sut.attach(server, { clustered });
      const done: ModeratorTask[] = [];
      sut.onModeratorTask('queue', async (task) => {
        done.push(task);
      });
      return { sut, server, sideEmit, done };
    }

    const task: ModeratorTask = { kind: 'queue', commentId: 'c1', before: ['pending'] };

    it('does the task on this node when a moderator is connected here', () => {
      const { sut, sideEmit, done } = setup({ clustered: false, moderatorHere: true });

      sut.askModerators(task);

      expect(done).toEqual([task]);
      expect(sideEmit).not.toHaveBeenCalled();
    });

    it('does nothing on a node nobody moderates from, and asks the other nodes when clustered', () => {
      const { sut, sideEmit, done } = setup({ clustered: true, moderatorHere: false });

      sut.askModerators(task);

      expect(done).toEqual([]);
      expect(sideEmit).toHaveBeenCalledWith('moderators:task', task);
    });

    it('does a task another node asked for only when a moderator is connected here', () => {
      const withModerator = setup({ clustered: true, moderatorHere: true });
      const without = setup({ clustered: true, moderatorHere: false });

      for (const { server } of [withModerator, without]) {
        // How the adapter hands a server-side event from another node to this one's listeners.
        (server.of('/') as unknown as { _onServerSideEmit(args: unknown[]): void })._onServerSideEmit([
          'moderators:task',
          task,
        ]);
      }

      expect(withModerator.done).toEqual([task]);
      expect(without.done).toEqual([]);
    });
  });
});
