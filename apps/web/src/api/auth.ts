import type { LoginRequest, Me, RegisterRequest } from '@parley/shared';
import { ApiError, http } from './http.js';

export const authApi = {
  /** The signed-in user, or null when nobody is (401). */
  me: async (): Promise<Me | null> => {
    try {
      return await http.get<Me>('/api/auth/me');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  login: (body: LoginRequest) => http.post<Me>('/api/auth/login', body),
  register: (body: RegisterRequest) => http.post<Me>('/api/auth/register', body),
  logout: () => http.post<void>('/api/auth/logout'),
};
