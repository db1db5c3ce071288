import { App } from 'aws-cdk-lib';
import { cityInputs } from './cities';
import { CityConfigError } from './config/city-config';
import { addCityStack } from './pipeline-app';

const app = new App();
try {
  addCityStack(app, cityInputs);
} catch (error) {
  // A wrong `-c city=` is a usage error: print the message (with the known ids), not a stack trace.
  if (error instanceof CityConfigError) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
app.synth();
