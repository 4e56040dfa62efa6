// Jest's moduleNameMapper does not apply to globalSetup/globalTeardown; map @interdict/* here for them.
import { register } from 'tsconfig-paths';
import { compilerOptions } from '../../tsconfig.json';

register({ baseUrl: `${__dirname}/../..`, paths: compilerOptions.paths });
